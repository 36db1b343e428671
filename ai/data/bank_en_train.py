"""English families written after the held-out splits were fixed: they go to training only.

Same purpose and conventions as bank_es_train.py (asking for customer service, damaged or
incomplete orders, short shipping and opening questions, receipts and refunds, orders stuck in
processing, small talk).
"""

FAMILIES = {
    "TRACKING": [
        "my order [still says|is stuck on|shows] [processing|pending|label created] since {date}",
        "when will order {order} ship{qmark}", "has my [package|order|parcel] shipped yet{qmark}",
        "it's been {days} and my [order|package] hasn't arrived", "ordered {product} {date}, when does it [arrive|get here]?",
        "any update on [my delivery|order {order}|tracking {track}]{qmark}",
        "tracking {track} hasn't moved since {date}", "is my {product} on the way{qmark}",
        "the [order|status] [says|shows] [processing|in transit], when will it be delivered?",
        "what's the eta on my {product}{qmark}", "{track} {closing}", "when is the courier coming with my [order|parcel]?",
    ],
    "BILLING": [
        "[send|email] me the receipt [to {email}|by email|for order {order}]{punct}",
        "i need [a receipt|an invoice] for [order {order}|my purchase|my last payment]",
        "can i get [the invoice|a receipt] [sent|emailed] to {email}{qmark}",
        "where is my refund for order {order}{qmark}", "has my refund been processed{qmark}",
        "refund of {amount} still not in my account", "when will i get my money back{qmark}",
        "how long until the refund [hits|shows up on] my card{qmark}", "my payment [is still pending|didn't go through] but i was charged",
        "i was billed {amount} [twice|for nothing|after cancelling]", "can you resend [invoice {inv}|my receipt]{qmark}",
        "the invoice has the wrong [amount|company name|address]", "please [send|forward] the invoice to {email}",
    ],
    "QUOTE": [
        "how much for {qty} {items}{qmark}", "price for {service}{qmark}", "what would {qty} {items} cost{qmark}",
        "can you send me a quote for {qty} {items}{qmark}", "bulk pricing for {items}{qmark}",
        "what do you charge for {service}{qmark}", "cost of {item}{qmark}", "rates for {service}{qmark}",
        "i need a price on {qty} {items} for my [company|team|office]",
    ],
    "INFO": [
        "[do you ship|can you ship|delivery|shipping options] to {city}{qmark}", "[ship|shipping] to {city} [possible|available]{qmark}",
        "are you open [today|on sundays|on holidays|tomorrow|this weekend]{qmark}",
        "what are your [hours|opening times] [today|this weekend|on saturday|]{qmark}",
        "do you [take|accept] {paymethod}{qmark}", "is there [parking|wifi|a fitting room] at the store{qmark}",
        "where are you located{qmark}", "can i pick up in store{qmark}", "how do i [change|update] my [email|phone number|address]{qmark}",
        "do you have {item} in stock{qmark}", "how long is the warranty on {item}{qmark}",
        "how long does shipping to {city} take{qmark}", "what's the [return|exchange] window{qmark}",
    ],
    "HUMAN": [
        "how do i [contact|call|get in touch with] [customer support|customer service|your support team]{qmark}",
        "connect me to customer [service|support] [please|pls|]", "i need to get through to customer service",
        "can i call customer service{qmark}", "what's the [number|phone number] for customer [support|service]? i need to talk to someone",
        "put me through to [an agent|a person|support|a human]", "is there a person i can [talk|speak] to{qmark}",
        "transfer me to a [human|live agent|real person]", "[agent|representative|operator] [please|pls|now|]",
        "i want a real person{punct}", "let me speak with [someone|somebody] from [support|customer care]",
        "can someone call me back at {phone}{qmark}", "get me a [manager|supervisor]{punct}",
        "i'd rather [talk|speak] to a person about this",
    ],
    "COMPLAINT": [
        "my [order|package|item] [came|arrived|showed up] [broken|damaged|smashed|missing parts|with pieces missing]",
        "the {product} i got is [defective|broken|scratched|used]{bang}", "half my order is missing and the box was crushed",
        "worst [service|company|experience] ever{bang}", "you guys are [useless|scammers|a joke|a rip off]{bang}",
        "never buying from you again{bang}", "your [driver|courier|agent|technician] was [rude|so rude|disrespectful] to me",
        "i'm [fed up|so frustrated|really upset] with your company{bang}", "i want to [file|make] a complaint about {product}",
        "this is unacceptable{bang}", "totally disappointed with {product}",
        "the {product} [stopped working|died|fell apart] after {days}, terrible quality",
        "nobody answers my emails, i've been waiting {days}{bang}",
        "your customer [service|support] is [terrible|a joke|the worst|useless]{bang}",
        "i want to complain about your [customer service|support team|call center]",
    ],
    "OTHER": [
        "what [day|date] is it today{qmark}", "can you sing me a song", "do you play [chess|video games|soccer]{qmark}",
        "are you [married|happy|alive|human]{qmark}", "what's your favorite [color|food|movie|song]{qmark}",
        "tell me a story", "how old are you{qmark}", "write me a poem about {topic}",
        "[ok|okay|cool|great|perfect] [thanks|thank you|]{punct}", "you're welcome", "lol ok",
        "what does [serendipity|ikigai|the word hygge] mean{qmark}", "happy [new year|birthday|holidays]{punct}",
        "what should i [cook|watch|read] tonight{qmark}",
    ],
}

HANDWRITTEN = {
    "TRACKING": [
        "so i ordered a couch about ten days ago, got the email saying it shipped, but the tracking page hasn't changed since and i'm not sure if it's actually on a truck or still in the warehouse",
    ],
    "BILLING": [
        "hi, i sent back the jacket two weeks ago and was told the money would be back in five business days, but my card still shows nothing, when should i expect it",
    ],
    "INFO": [
        "quick question, are you guys open on the holiday monday or is it a special schedule",
    ],
    "HUMAN": [
        "i've tried the menu three times and it doesn't have my option, can someone from your team just call me or write to me directly",
    ],
    "COMPLAINT": [
        "honestly really disappointed, ordered a dress for a wedding, it came with a stain and an open seam and nobody is getting back to me",
    ],
}
