"""Slot fillers and noise for the triage data generator (Spanish and English)."""

import random
import re

ES = {
    "product": ["la licuadora", "los tenis", "el celular", "la chamarra", "el colchon", "los audifonos",
                "la playera", "el pedido", "la silla", "la tele", "el perfume", "mi compra", "la freidora",
                "el vestido", "las botas", "la mochila", "el control", "la bici"],
    "item": ["la licuadora", "el colchon matrimonial", "los tenis blancos", "la silla gamer",
             "el plan anual", "la pantalla de 55", "el paquete basico", "la freidora de aire",
             "las llantas", "el sillon", "la impresora", "el kit escolar", "la caja de 12", "el refri"],
    "items": ["playeras", "sillas", "tazas", "cajas", "piezas", "uniformes", "llantas", "lonas",
              "botellas", "gorras", "kilos de cafe", "bolsas"],
    "service": ["la instalacion", "el mantenimiento", "un envio express", "la renta del salon",
                "una limpieza profunda", "el servicio a domicilio", "la reparacion de mi celular",
                "un corte de cabello", "la instalacion del minisplit", "el diseño de un logo"],
    "days": ["3 dias", "una semana", "5 dias", "dos semanas", "10 dias", "un mes", "4 dias"],
    "city": ["Monterrey", "Guadalajara", "CDMX", "Bogota", "Lima", "Buenos Aires", "Puebla",
             "Queretaro", "Medellin", "Santiago", "Cancun", "Tijuana", "Cordoba", "Quito"],
    "carrier": ["DHL", "Estafeta", "FedEx", "Servientrega", "Correos", "Andreani", "99minutos"],
    "date": ["el lunes", "ayer", "el 15", "la semana pasada", "el viernes", "hace dos dias", "antier"],
    "qty": ["10", "50", "100", "20", "500", "30", "200", "5", "mil"],
    "punct": ["", "", ".", "!", "!!", " 🙏", "..."],
    "qmark": ["?", "?", "??", "", " ?", "???"],
    "bang": ["", "!", "!!", "!!!", " 😡", " 😤"],
    "greeting": ["hola", "buenas", "buen dia", "hola buenas tardes", "buenas noches", "que tal",
                 "holaa", "hola buen dia", "buenos dias", "oye", "disculpa"],
    "closing": ["gracias", "porfa", "saludos", "quedo atenta", "🙏", "😊", "xfa", "mil gracias",
                "gracias!!", "quedo al pendiente"],
}

EN = {
    "product": ["blender", "phone", "jacket", "headphones", "order", "shoes", "laptop", "sofa",
                "coffee machine", "tv", "package", "watch", "backpack"],
    "item": ["the blender", "the black jacket", "this laptop", "the premium plan", "the queen mattress",
             "the 55 inch tv", "the basic package", "the office chair", "these sneakers"],
    "items": ["t-shirts", "mugs", "chairs", "units", "boxes", "laptops", "uniforms", "bottles"],
    "service": ["a manicure", "a pedicure", "the spa", "dinner", "a massage", "breakfast",
                "a room for two nights", "an airport transfer", "a facial", "the conference room",
                "room service", "the buffet", "a haircut", "express shipping", "installation",
                "a yoga class", "a late checkout", "a body treatment", "the minibar", "parking"],
    "amenity": ["tv", "shower", "air conditioning", "heater", "hairdryer", "wifi", "minibar", "safe",
                "kettle", "lamp", "toilet", "elevator", "key card"],
    "facility": ["gym", "pool", "spa", "restaurant", "bar", "front desk", "sauna", "business center",
                 "laundry", "rooftop"],
    "paymethod": ["paypal", "apple pay", "amex", "cash", "bank transfer", "crypto", "mastercard",
                  "google pay"],
    "city": ["canada", "spain", "liverpool", "toronto", "germany", "mexico", "the uk", "australia",
             "finland", "brazil",
             "seattle", "japan", "chicago", "paris", "texas", "munich"],
    "days": ["3 days", "a week", "two weeks", "10 days", "a month", "5 days"],
    "date": ["monday", "yesterday", "last week", "friday", "two days ago"],
    "carrier": ["DHL", "FedEx", "UPS", "USPS"],
    "topic": ["the golden ratio", "black holes", "the roman empire", "photosynthesis", "bitcoin",
              "the stock market", "insomnia", "vitamin d", "the eiffel tower", "sharks", "volcanoes",
              "the olympics", "climate change", "the human brain", "jazz music", "the moon landing"],
    "qty": ["10", "50", "100", "20", "500", "200", "5"],
    "punct": ["", "", ".", "!", "!!", "..."],
    "qmark": ["?", "?", "??", "", " ?"],
    "bang": ["", "!", "!!", "!!!"],
    "greeting": ["hi", "hello", "hey", "hi there", "good morning", "hello,"],
    "closing": ["thanks", "please", "asap", "thank you", "thx", "cheers"],
}

EMAIL_NAMES = ["ana.lopez", "carlos88", "mari_g", "jperez", "luisa.fer", "sam.k", "pedro_r", "contacto"]
EMAIL_DOMAINS = ["gmail.com", "hotmail.com", "yahoo.com.mx", "outlook.com", "empresa.mx", "mail.co"]


def fill_slot(name, lang, rng):
    """One value for {name}: random identifiers, or a pick from the language's bank."""
    if name == "order":
        n = str(rng.randint(10 ** rng.randint(4, 7), 10 ** 8 - 1))
        return rng.choice([n, n, "#" + n])
    if name == "track":
        r = rng.random()
        if r < 0.6:
            return "CS" + str(rng.randint(1000, 999999))
        if r < 0.8:
            return "RR" + str(rng.randint(10 ** 8, 10 ** 9 - 1)) + rng.choice(["MX", "CO", "AR"])
        return "1Z" + "".join(rng.choice("0123456789ABCDEFXY") for _ in range(16))
    if name == "inv":
        return rng.choice(["F-2024-%03d" % rng.randint(1, 999), "FAC-%d" % rng.randint(10, 9999),
                           "F-2025-%04d" % rng.randint(1, 9999), "INV-%d" % rng.randint(100, 99999)])
    if name == "amount":
        n = rng.randint(5, 5000)
        cents = rng.choice(["", ".00", ".50", ".99"])
        big = "{:,}".format(n)
        if lang == "es":
            return rng.choice(["$%d" % n, "$%s%s" % (big, cents), "%d pesos" % n, "$%d MXN" % n,
                               "%d USD" % n, "$%s" % big])
        return rng.choice(["$%d" % n, "$%s%s" % (big, cents), "%d dollars" % n, "%d USD" % n,
                           "€%d" % n])
    if name == "email":
        return rng.choice(EMAIL_NAMES) + "@" + rng.choice(EMAIL_DOMAINS)
    if name == "phone":
        return "55" + str(rng.randint(10 ** 7, 10 ** 8 - 1))
    bank = ES if lang == "es" else EN
    return rng.choice(bank[name])


ALT = re.compile(r"\[([^\[\]]*)\]")
SLOT = re.compile(r"\{(\w+)\}")


def expand(template, lang, rng):
    """Resolves [a|b|] alternatives and {slot} fills, then tidies spaces."""
    text = ALT.sub(lambda m: rng.choice(m.group(1).split("|")), template)
    text = SLOT.sub(lambda m: fill_slot(m.group(1), lang, rng), text)
    return re.sub(r"\s+", " ", text).strip()


ES_ACCENTS = {"donde": "dónde", "cuando": "cuándo", "esta": "está", "como": "cómo", "cuanto": "cuánto",
              "envio": "envío", "dias": "días", "dia": "día", "tambien": "también", "numero": "número",
              "guia": "guía", "mas": "más", "direccion": "dirección", "cotizacion": "cotización",
              "aqui": "aquí", "todavia": "todavía", "garantia": "garantía", "politica": "política",
              "pagina": "página", "llego": "llegó", "compre": "compré", "pague": "pagué",
              "facturacion": "facturación", "atencion": "atención", "reclamacion": "reclamación",
              "instalacion": "instalación", "telefono": "teléfono", "senor": "señor", "asi": "así",
              "envios": "envíos", "electronico": "electrónico", "salio": "salió", "rastreo": "rastreo"}
ES_ABBREV = [("que", ["q", "k", "que"]), ("por favor", ["porfa", "xfa", "x fa", "plis", "pls"]),
             ("porque", ["xq", "pq", "porq"]), ("tambien", ["tmb", "tb"]), ("gracias", ["grax", "grs", "gracias"]),
             ("para", ["pa", "para"]), ("por", ["x", "por"]), ("mensaje", ["msj"]), ("saludos", ["slds"]),
             ("estoy", ["toy", "estoy"]), ("de", ["d", "de"])]
EN_ABBREV = [("you", ["u", "you"]), ("your", ["ur", "your"]), ("please", ["pls", "plz", "please"]),
             ("thanks", ["thx", "thanks"]), ("want to", ["wanna", "want to"]), ("going to", ["gonna"]),
             ("don't", ["dont", "don't"]), ("i'm", ["im", "i'm"]), ("can't", ["cant"])]
KEYS = "qwertyuiopasdfghjklzxcvbnm"


def typo(word, rng):
    """One keyboard slip: swap, drop, double or replace a letter."""
    if len(word) < 4 or not word.isalpha():
        return word
    i = rng.randint(1, len(word) - 2)
    kind = rng.randint(0, 3)
    if kind == 0:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if kind == 1:
        return word[:i] + word[i + 1:]
    if kind == 2:
        return word[:i] + word[i] + word[i:]
    return word[:i] + rng.choice(KEYS) + word[i + 1:]


def sub_words(text, pairs, p, rng):
    for src, outs in pairs:
        if rng.random() < p:
            text = re.sub(r"\b%s\b" % re.escape(src), lambda m: rng.choice(outs), text)
    return text


def add_noise(text, lang, category, rng):
    """Realistic chat noise: greetings, abbreviations, accents, typos, casing, emoji."""
    bank = ES if lang == "es" else EN
    if category != "OTHER" and rng.random() < 0.2:
        text = rng.choice(bank["greeting"]) + rng.choice([" ", ", ", "! ", "\n"]) + text
    if category not in ("OTHER",) and rng.random() < 0.2:
        text = text.rstrip() + rng.choice([" ", ", ", ". "]) + rng.choice(bank["closing"])
    if lang == "es":
        text = sub_words(text, ES_ABBREV, 0.3, rng)
        if rng.random() < 0.3:
            text = sub_words(text, [(k, [v]) for k, v in ES_ACCENTS.items()], 0.7, rng)
        if text.endswith("?") and rng.random() < 0.2:
            text = "¿" + text
    else:
        text = sub_words(text, EN_ABBREV, 0.3, rng)
    words = text.split(" ")
    words = [typo(w, rng) if rng.random() < 0.05 else w for w in words]
    text = " ".join(words)
    r = rng.random()
    if r < 0.3:
        text = text[:1].upper() + text[1:]
    elif r < 0.33 and category != "OTHER":
        text = text.upper()
    if rng.random() < 0.1:
        text += " " + rng.choice(["🙏", "😊", "😅", "🤔", "🙂", "😩"])
    return text


def gerund(phrase):
    """'check the status' -> 'checking the status'."""
    verb, _, rest = phrase.partition(" ")
    special = {"get": "getting", "put": "putting", "see": "seeing", "set": "setting", "lie": "lying"}
    if verb in special:
        ing = special[verb]
    elif verb.endswith("e") and not verb.endswith("ee"):
        ing = verb[:-1] + "ing"
    else:
        ing = verb + "ing"
    return (ing + " " + rest).strip()
