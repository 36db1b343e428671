// The demo tenant's knowledge base: three Spanish articles that autopilot INFO answers quote.
#include "storage/seed_data.hpp"

namespace centralita::storage::demo {

namespace {

constexpr const char* shipping_body = R"md(# Tiempos y costos de envío

Enviamos a toda la República Mexicana con **Estafeta**, **DHL** y **FedEx**. Al confirmar tu
pedido te enviamos por WhatsApp y por correo el número de guía (por ejemplo `CS1002`) para que
puedas seguirlo en todo momento.

## ¿Cuánto tarda mi pedido?

| Tipo de envío | Zona | Tiempo de entrega |
|---|---|---|
| Estándar | Zona metropolitana (CDMX, Guadalajara, Monterrey) | 2 a 3 días hábiles |
| Estándar | Resto del país | 3 a 5 días hábiles |
| Express | Todo el país | 1 a 2 días hábiles |
| Zonas extendidas | Localidades con cobertura limitada | 5 a 8 días hábiles |

Los pedidos confirmados antes de las **14:00 h** (hora del centro) salen el mismo día hábil; los
confirmados después, al siguiente día hábil. Los días hábiles son de lunes a viernes, sin contar
días festivos oficiales.

## ¿Cuánto cuesta el envío?

- **Gratis** en compras desde $999 MXN (envío estándar).
- Envío estándar en compras menores: $149 MXN.
- Envío express: desde $249 MXN, según el peso y el destino.

## ¿Cómo rastreo mi pedido?

Escríbenos por WhatsApp tu número de pedido o de guía y te respondemos al momento con el estado
más reciente. También puedes consultarlo directamente en el sitio de la paquetería.

## ¿Qué pasa si no estoy en casa?

La paquetería hace hasta **tres intentos de entrega** en días hábiles consecutivos y deja un aviso
en cada visita. Después del tercer intento, el paquete queda disponible en la sucursal más cercana
durante 5 días hábiles; si nadie lo recoge, regresa a nuestro almacén y te contactamos para
reprogramar el envío.

## Mi pedido tiene retraso

Si tu pedido supera el tiempo de entrega indicado, escríbenos con tu número de pedido: revisamos
el caso con la paquetería y, si el paquete se perdió o llegó dañado, te enviamos uno nuevo sin
costo.
)md";

constexpr const char* returns_body = R"md(# Cambios y devoluciones

Queremos que estés contento con tu compra. Si algo no salió bien, tienes **30 días naturales**
desde que recibiste tu pedido para solicitar un cambio o una devolución.

## Requisitos

- El producto debe estar sin uso, completo, con sus accesorios, manuales y empaque original.
- Ten a la mano tu número de pedido y, si el producto llegó dañado, una foto del producto y de la
  caja.
- Por higiene, no aceptamos devoluciones de productos de cuidado personal abiertos ni de ropa
  interior, salvo defecto de fábrica.

## ¿Cómo solicito una devolución?

1. Escríbenos por WhatsApp con tu número de pedido y el motivo de la devolución.
2. Te enviamos una **guía de retorno prepagada** en un máximo de 24 horas hábiles.
3. Empaca el producto y entrégalo en cualquier sucursal de la paquetería indicada en la guía.
4. Cuando lo recibimos en el almacén lo revisamos (1 a 2 días hábiles) y te confirmamos el cambio
   o el reembolso.

## Productos dañados o con defecto

Si tu producto llegó roto, incompleto o no funciona, el envío de retorno **no tiene costo** y
puedes elegir entre un producto nuevo o el reembolso total, incluido el costo de envío original.
Repórtalo de preferencia dentro de las primeras 48 horas después de recibirlo.

## Reembolsos

- **Tarjeta de crédito o débito**: el reembolso se aplica a la misma tarjeta; según tu banco, se
  refleja en 5 a 10 días hábiles.
- **Transferencia o pago en efectivo (OXXO)**: lo depositamos por transferencia a la cuenta (CLABE)
  que nos indiques en un máximo de 5 días hábiles.
- Si la devolución es por cambio de opinión, el costo del envío original no es reembolsable.

## Garantía

Los electrodomésticos tienen garantía de fábrica de **12 meses**. Para hacerla válida escríbenos
con tu número de pedido y una descripción de la falla; te indicamos el centro de servicio más
cercano o gestionamos la recolección.
)md";

constexpr const char* payments_body = R"md(# Formas de pago y facturación

Aceptamos varias formas de pago para que elijas la que más te convenga. Todos los precios están
en pesos mexicanos (MXN) e incluyen IVA.

## Formas de pago aceptadas

- **Tarjetas de crédito y débito**: Visa, Mastercard y American Express.
- **Meses sin intereses**: 3, 6 y 9 MSI con tarjetas de crédito participantes en compras desde
  $1,500 MXN.
- **Transferencia bancaria (SPEI)**: te enviamos la CLABE y la referencia al confirmar el pedido.
  El pedido se libera en cuanto se refleja el pago, normalmente en minutos.
- **Pago en efectivo en OXXO**: generamos una ficha con vigencia de 48 horas; el pago se
  confirma en un máximo de 24 horas.
- **PayPal** y **Mercado Pago**.

## ¿Es seguro pagar en línea?

Sí. Los pagos con tarjeta se procesan con cifrado y autenticación 3-D Secure; nunca guardamos los
datos completos de tu tarjeta. **Nunca te pediremos tu NIP, tu CVV ni contraseñas por WhatsApp**:
si alguien te los pide en nuestro nombre, no los compartas y avísanos.

## Facturación (CFDI)

Puedes solicitar tu factura dentro del mismo mes de la compra. Envíanos por WhatsApp:

1. Tu número de pedido.
2. RFC, nombre o razón social y código postal, tal como aparecen en tu Constancia de Situación
   Fiscal.
3. Régimen fiscal y uso del CFDI.
4. El correo electrónico donde quieres recibirla.

Te enviamos el PDF y el XML en un máximo de 72 horas hábiles.

## Pagos pendientes o vencidos

Si tienes una factura pendiente o vencida puedes pagarla por transferencia (SPEI) o con tarjeta:
pídenos por WhatsApp el enlace de pago con el número de factura (por ejemplo `FAC-1003`). Una vez
recibido el pago te enviamos el comprobante y la factura se marca como pagada.

## Cargos no reconocidos

Si ves un cargo que no reconoces, escríbenos con la fecha y el monto: lo revisamos con el área de
pagos y te respondemos en un máximo de 48 horas hábiles.
)md";

}  // namespace

std::vector<article> demo_articles() {
  return {
      {"Tiempos y costos de envío", {"envios", "paqueteria", "rastreo"}, shipping_body},
      {"Cambios y devoluciones", {"devoluciones", "reembolsos", "garantia"}, returns_body},
      {"Formas de pago y facturación", {"pagos", "facturacion", "cfdi"}, payments_body},
  };
}

}  // namespace centralita::storage::demo
