#include "storage/seed_data.hpp"

namespace centralita::storage::demo {

namespace {

tenant admin_tenant() {
  tenant t;
  t.slug = "admin";
  t.name = "Administración Centralita";
  t.users = {{"admin@admin.com", "Administrador", "platform"}};
  t.accounts = {{"builderbot_whatsapp_admin", "builderbot", account_secrets::none}};
  t.conversations = {
      {"5215599990001",
       "Ricardo Morales Paredes",
       "ricardo.morales@example.com",
       "",
       {{"in", "customer", 45,
         "Hola, buenas tardes. ¿Este es el soporte de administración? Necesito dar de alta a un "
         "nuevo agente en nuestra cuenta."},
        {"out", "bot", 44,
         "¡Hola, Ricardo! Sí, con gusto te ayudamos. ¿Nos compartes el nombre completo y el correo "
         "del nuevo agente?"},
        {"in", "customer", 30,
         "Se llama Paola Castillo, paola.castillo@example.com. Debe entrar como agente, no como "
         "administradora."}}}};
  t.tickets = {{"Alta de nuevo agente: Paola Castillo",
                "El cliente pide dar de alta a Paola Castillo (paola.castillo@example.com) con rol "
                "de agente.",
                "NEW", "normal", "HUMAN", "5215599990001", "", 30, 60, 1440}};
  return t;
}

tenant demo_tenant() {
  tenant t;
  t.slug = "demo";
  t.name = "Tienda Demo";
  t.users = {{"agent@demo.com", "Sofía Ramírez", "agent"},
             {"supervisor@demo.com", "Diego Herrera", "admin"}};
  // The first account is the channel of the seeded conversations.
  t.accounts = {{"builderbot_whatsapp_main", "builderbot", account_secrets::builderbot},
                {"elevenlabs_calls_main", "elevenlabs", account_secrets::elevenlabs},
                {"whatsapp_cloud_main", "whatsapp_cloud", account_secrets::whatsapp_cloud},
                {"aftership_main", "aftership", account_secrets::aftership},
                {"17track_main", "17track", account_secrets::seventeentrack},
                {"openai_main", "openai", account_secrets::openai}};
  t.conversations = {
      {"5215511110001",
       "María Fernanda López",
       "mafer.lopez@example.com",
       "agent@demo.com",
       {{"in", "customer", 95,
         "Hola, buenas tardes 👋 ¿Me pueden decir dónde viene mi pedido 1002?"},
        {"out", "bot", 94,
         "¡Hola, María Fernanda! Tu pedido 1002 va en camino con la guía CS1002 (DHL). Ahora "
         "mismo está en el centro de distribución de Querétaro y la entrega estimada es en 2 días "
         "hábiles."},
        {"in", "customer", 60, "Perfecto. ¿Me pueden avisar cuando salga a reparto?"},
        {"out", "agent", 55,
         "Claro que sí, te escribimos en cuanto salga a reparto. ¿Hay algo más en lo que te "
         "podamos ayudar?"},
        {"in", "customer", 50, "No, es todo. ¡Muchas gracias!"}}},
      {"5215511110002",
       "José Luis Hernández",
       "jl.hernandez@example.com",
       "agent@demo.com",
       {{"in", "customer", 240,
         "Buen día. Me llegó la licuadora con la jarra estrellada 😞 ¿Qué hago?"},
        {"out", "bot", 239,
         "Lamentamos mucho lo ocurrido, José Luis. Para ayudarte con el cambio, ¿nos compartes "
         "una foto del producto y tu número de pedido?"},
        {"in", "customer", 200, "Es el pedido 1001. Les envío la foto de cómo llegó la caja."},
        {"out", "agent", 120,
         "Gracias por la foto. Ya levantamos tu solicitud de devolución: en máximo 24 horas te "
         "enviamos por aquí la guía de retorno sin costo y, en cuanto recibamos la licuadora, te "
         "mandamos una nueva."}}},
      {"5215511110003",
       "Valentina Gómez Ruiz",
       "valentina.gomez@example.com",
       "",
       {{"in", "customer", 30, "Hola, necesito la factura de mi compra de la semana pasada."},
        {"out", "bot", 29,
         "¡Hola, Valentina! Con gusto. ¿Me confirmas tu RFC, tu régimen fiscal y el correo donde "
         "quieres recibirla?"},
        {"in", "customer", 10,
         "RFC GORV900215AB1, régimen 612, correo valentina.gomez@example.com. Y otra cosa: ¿puedo "
         "pagar la factura vencida con transferencia?"}}}};
  t.tickets = {
      {"Licuadora llegó dañada (pedido 1001)",
       "La jarra llegó estrellada. El cliente envió foto; procede cambio con guía de retorno sin "
       "costo.",
       "IN_PROGRESS", "high", "COMPLAINT", "5215511110002", "agent@demo.com", 230, 60, 1440},
      {"Solicitud de factura y pago pendiente",
       "La clienta pide su factura (RFC GORV900215AB1) y pregunta si puede pagar la factura "
       "vencida FAC-1003 por transferencia.",
       "NEW", "normal", "BILLING", "5215511110003", "", 9, 60, 1440},
      {"Aviso de salida a reparto del pedido 1002",
       "La clienta pidió aviso cuando su pedido salga a reparto.", "RESOLVED", "low", "TRACKING",
       "5215511110001", "agent@demo.com", 300, 120, 2880}};
  t.articles = demo_articles();
  t.shipments = {
      {"CS1001",
       "Estafeta",
       "Delivered",
       "5215511110002",
       "1001",
       -2,
       {{120, "InfoReceived", "Ciudad de México, CDMX",
         "Guía generada; paquete en espera de recolección"},
        {100, "InTransit", "Tultitlán, MEX", "Recolectado; en tránsito al centro de distribución"},
        {60, "OutForDelivery", "Zapopan, JAL", "En ruta de entrega"},
        {52, "Delivered", "Zapopan, JAL", "Entregado; recibió: José Luis Hernández"}}},
      {"CS1002",
       "DHL",
       "InTransit",
       "5215511110001",
       "1002",
       2,
       {{48, "InfoReceived", "Ciudad de México, CDMX", "Información de envío recibida"},
        {30, "InTransit", "Tepotzotlán, MEX", "Salió del centro de servicio"},
        {6, "InTransit", "Querétaro, QRO", "Llegó al centro de distribución"}}},
      {"CS1003",
       "FedEx",
       "AttemptFail",
       "5215511110003",
       "1003",
       1,
       {{72, "InfoReceived", "Ciudad de México, CDMX", "Etiqueta creada"},
        {50, "InTransit", "San Nicolás de los Garza, NL", "Llegó a la estación de FedEx"},
        {20, "AttemptFail", "Monterrey, NL",
         "Intento de entrega fallido: domicilio cerrado. Se reintentará el siguiente día hábil"}}}};
  t.invoices = {{"FAC-1001", "5215511110002", "paid", 124900, -20},
                {"FAC-1002", "5215511110001", "open", 89900, 10},
                {"FAC-1003", "5215511110003", "overdue", 245050, -5}};
  t.quotes = {
      {"COT-1001", "5215511110001", "sent",
       R"json([{"description":"Cafetera espresso 15 bar","quantity":1,"unit_price_cents":329900},)json"
       R"json({"description":"Molino de café eléctrico","quantity":1,"unit_price_cents":119900}])json",
       449800, 15},
      {"COT-1002", "5215511110003", "accepted",
       R"json([{"description":"Juego de sartenes antiadherentes (5 piezas)","quantity":2,)json"
       R"json("unit_price_cents":159900},{"description":"Envío express","quantity":1,)json"
       R"json("unit_price_cents":14900}])json",
       334700, 30}};
  return t;
}

}  // namespace

const std::vector<tenant>& tenants() {
  static const std::vector<tenant> all = {admin_tenant(), demo_tenant()};
  return all;
}

}  // namespace centralita::storage::demo
