"""Spanish families written after the held-out splits were fixed: they go to training only.

They add ways of saying things the first banks had too few of (a late order told without a
complaint word, insults and sworn-off customers, short questions about hours and payments, asking
for customer service by phone, a refund's date, small talk). Same conventions as bank_es.py.
Since the splits were fixed before these were written, generate.py emits them into
triage_train.jsonl only, after every other message, so the held-out and calibration files do
not change by a byte; a text equal to an earlier one is dropped.
"""

FAMILIES = {
    "TRACKING": [
        "ya pasaron {days} desde que pague y [el pedido|mi paquete|la compra] no [llega|aparece]",
        "compre {product} {date} y todavia no [me llega|lo recibo|lo mandan]",
        "[sigo esperando|no me ha llegado] {product}, [en que va|ya salio|ya lo enviaron]?",
        "ya lo despacharon? [compre|pedi] {product} {date}", "me das el estatus de mi envio{qmark}",
        "cuando sale mi [pedido|orden] {order}{qmark}", "{track} {closing}", "guia {track}{qmark}",
        "mi numero de seguimiento es {track}", "ya van {days} esperando mi [pedido|orden] {order}",
        "en que va mi [paquete|pedido|envio]{qmark}", "hoy pasa el repartidor{qmark}",
        "a que hora [llega|pasa] el repartidor con mi [pedido|paquete]?",
        "mi pedido dice en camino desde {date}, [llega hoy|cuando llega]?",
        "[hola|buenas|] me confirman si ya mandaron {product}?",
        "la pagina dice [en preparacion|procesando|pendiente] desde {date}, cuando lo envian?",
        "[oye|disculpa], {product} que pedi {date} ya viene?",
        "todavia no me entregan [la orden|el pedido] {order}, me dicen algo?",
    ],
    "BILLING": [
        "[cuando|para cuando|en cuantos dias] me [regresan|devuelven|reembolsan] [mi dinero|los {amount}]{qmark}",
        "ya me [hicieron|procesaron] el reembolso de {amount}?", "no me cae el reembolso de {amount}",
        "pague por transferencia y [sigue sin reflejarse|no aparece|sale como no pagado]",
        "el pago [sigue|aparece] [pendiente|en revision] y ya [pague|les deposite]",
        "el reembolso me lo hacen a la misma tarjeta?", "me devolvieron [menos|solo una parte] de lo que pague",
        "[donde|como] veo [mis facturas|mi estado de cuenta|mis pagos]{qmark}",
        "me mandan el [recibo|comprobante] [a {email}|por correo]{qmark}",
        "no reconozco un cobro de {amount} de ustedes", "me siguen cobrando la [suscripcion|mensualidad] y ya cancele",
        "ya deposite {amount}, me confirman [el pago|si llego]?",
        "el cargo de {amount} aparece dos veces, me regresan uno?",
    ],
    "QUOTE": [
        "[me das|me pasas|me dices] [el|] precio de {item}{qmark}", "y el precio de {item}{qmark}",
        "costo de {item}{qmark}", "$ {item}{qmark}", "en cuanto [esta|sale|anda] {item}{qmark}",
        "cuanto [me cobran|cobrarian] por {qty} {items}?", "precio por mayoreo de {items}{qmark}",
        "quiero [presupuesto|cotizacion] de {service}", "que precio me das en {qty} {items}",
        "necesito cotizar {service} para [mi negocio|la empresa|mi casa]",
        "[hola|buenas] cuanto [es|cuesta] {service}{qmark}",
    ],
    "INFO": [
        "[abren|atienden|estan abiertos|abre la tienda] [hoy|mañana|el sabado|en navidad|el 1 de enero]{qmark}",
        "a que hora cierran [hoy|los sabados|]{qmark}", "hasta que hora [atienden|estan abiertos]{qmark}",
        "[reciben|aceptan|toman] [vales|transferencia|efectivo|mercado pago|tarjetas de credito|cheques]{qmark}",
        "tienen [estacionamiento|probadores|sucursal en {city}|servicio a domicilio]{qmark}",
        "[hay|tienen] envio a {city}{qmark}", "envian a {city}{qmark}", "llegan hasta {city}{qmark}",
        "[donde|como] [cambio|actualizo] mi [correo|telefono|direccion] [de la cuenta|]{qmark}",
        "como actualizo mis datos{qmark}", "se puede apartar {item}{qmark}",
        "cuanto tiempo de garantia tiene {item}{qmark}", "tienen {item} en otro color{qmark}",
        "hacen [cambios|devoluciones] sin ticket{qmark}", "el envio a {city} cuanto tarda{qmark}",
    ],
    "HUMAN": [
        "[me comunican|me pasan|comuniqueme] con atencion a clientes{punct}",
        "quiero que me atienda [alguien|una persona|un asesor] [de verdad|real|]",
        "a que numero [llamo|puedo llamar] para hablar con [alguien|un asesor]{qmark}",
        "[pasame|pasenme] con alguien de servicio al cliente",
        "tienen telefono de atencion? quiero hablar con [alguien|una persona]",
        "puedo hablar con alguien por telefono{qmark}", "con un asesor [por favor|porfa|xfa]",
        "necesito que me atienda un [ejecutivo|asesor|agente]", "[un|una] [asesor|persona|humano] [porfa|ya|]",
        "me pueden llamar al {phone}? prefiero hablar con alguien",
        "quiero hablar con [servicio al cliente|atencion a clientes|soporte] por telefono",
    ],
    "COMPLAINT": [
        "son unos [incompetentes|mentirosos|rateros|sinverguenzas|fraude]{bang}",
        "que [pesimo|horrible|malisimo|terrible] servicio{bang}", "no vuelvo a comprarles [nada|jamas|]",
        "es la ultima vez que les compro{bang}", "jamas les vuelvo a comprar{bang}",
        "los voy a [reportar|exhibir|denunciar] [en redes|en profeco|con la tienda]{bang}",
        "su [repartidor|asesor|cajero|empleado|tecnico] [fue muy grosero|me trato mal|me falto al respeto]",
        "la [señorita|persona|chica] que me atendio me [colgo|dejo esperando|trato pesimo]",
        "me llego [rayado|abierto|incompleto|golpeado] {product}{bang}",
        "{product} [se descompuso|fallo|ya no prende] a los {days}, que mala calidad",
        "estoy [harto|harta|muy molesta|muy enojado] con ustedes{bang}",
        "me vendieron un producto [defectuoso|usado|equivocado]{bang}",
        "exijo una solucion, llevo {days} [esperando|reclamando] y nadie responde",
        "no me resuelven nada, [que mal|pesimo|que verguenza]", "me [estafaron|robaron], pague y no [llego nada|me mandaron nada]",
        "que [verguenza|poca seriedad] de empresa{bang}",
        "su [servicio al cliente|atencion a clientes|soporte] es [pesimo|una burla|lo peor]{bang}",
        "quiero quejarme de [su call center|la atencion por telefono|su servicio al cliente]",
        "llame a atencion a clientes [tres veces|toda la semana] y nadie me [ayudo|resolvio nada]",
    ],
    "OTHER": [
        "[ok|va|sale|listo|perfecto] [gracias|muchas gracias|]{punct}", "de nada{punct}",
        "recomiendame [una serie|un libro|una cancion|un restaurante]", "cuentame [un chiste|algo|una historia]",
        "que hora es [en {city}|alla|]{qmark}", "como esta el clima en {city}{qmark}",
        "quien [gano|va ganando] el [partido|mundial|clasico]{qmark}", "sabes [cantar|bailar|cocinar]{qmark}",
        "eres [un robot|una persona|real]{qmark}", "como te llamas{qmark}", "cuantos años tienes{qmark}",
        "que [opinas|piensas] de [la vida|el futbol|la musica]{qmark}", "escribeme un poema",
        "cual es tu [color|comida|pelicula] favorita{qmark}", "estoy aburrida, platica conmigo",
        "que significa [ikigai|resiliencia|la palabra saudade]{qmark}", "feliz [año nuevo|cumpleaños|dia]",
    ],
}

HANDWRITTEN = {
    "TRACKING": [
        "mira te cuento, hice un pedido hace como diez dias, me llego el correo de que ya salio pero desde entonces la guia no se mueve y no se si ya va en camino o sigue en la bodega",
        "buenas noches, mi mama compro unos audifonos para mi cumpleaños y queria saber si llegan antes del sabado",
    ],
    "BILLING": [
        "hola, fijate que devolvi la chamarra hace dos semanas y me dijeron que el dinero caia en cinco dias habiles pero todavia no veo nada en mi tarjeta, me dicen para cuando",
        "buen dia, necesito que me expliquen un cobro de la tarjeta, es de su tienda pero no recuerdo haber comprado nada ese dia",
    ],
    "INFO": [
        "oye una pregunta rapida, el domingo abren normal o tienen horario especial por el puente?",
        "hola buenas tardes, queria preguntar si la tienda de plaza norte todavia existe o ya la cerraron, porque queria ir a ver unos colchones",
    ],
    "HUMAN": [
        "miren ya intente por aqui tres veces y no me sale la opcion, necesito que alguien del equipo me marque o me escriba directamente",
        "buenas, prefiero tratar esto con una persona, me pueden comunicar con alguien del area de ventas",
    ],
    "COMPLAINT": [
        "la verdad estoy muy decepcionada, pedi un vestido para una boda, llego con una mancha y la costura abierta y nadie me da una respuesta, asi no se puede",
        "el tecnico que mandaron llego tres horas tarde, dejo todo sucio y encima el aire sigue sin enfriar, que clase de servicio es este",
    ],
}
