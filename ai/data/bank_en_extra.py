"""Still more English families, for vocabulary breadth across the split. Merged by generate.py."""

FAMILIES = {
    "INFO": [
        "[where|what] is [your|the] [store|shop|office] [address|location]", "[are you|is the store] open [today|on sundays|on holidays]",
        "[do you|can you] [offer|provide] [gift wrapping|installation|express delivery]", "[how|where] do i [sign up|register|log in]",
        "what [sizes|colors|models] do you have [for|of] {item}", "is [breakfast|wifi|parking|the gym] [included|free]",
        "[can|could] i [return|exchange] [an item|{item}] [without a receipt|after 30 days|]", "[what|which] [banks|cards|wallets] do you [accept|support]",
        "[tell|show] me [your|the] [shipping|return|privacy] policy", "how [long|many days] [do refunds take|does a return take]",
    ],
    "TRACKING": [
        "[where|how far] is my [delivery|courier|driver] [now|right now|]", "[my|the] [order|package|parcel] [still|] [says|shows] [processing|in transit|pending]",
        "[can you|please] [give|send] me [an update|the tracking] on [my order|order {order}]", "i [placed|made] an order [on|last] [monday|week|friday], when [will it|does it] arrive",
        "[has|did] [my|the] [package|order] [left|leave] the warehouse", "[expected|estimated] delivery [date|time] for [my order|order {order}]",
        "why hasn't my [order|package] [arrived|shipped] yet", "[i'm|im] [waiting|still waiting] for [my delivery|a package|my parcel]",
    ],
    "BILLING": [
        "what's my [current|outstanding|account] balance", "[i|we] [need|want] [the|a] [receipt|invoice|bill] for [my purchase|order {order}|last month]",
        "[there's|i see] a [duplicate|double|pending] [charge|payment|transaction] [on my card|on my account|]",
        "[when|how] [will|do] i get [my money back|the refund|reimbursed]", "[why|how come] [is|was] [my bill|the invoice] so high",
        "[my|the] [payment|transfer|transaction] [failed|bounced|was rejected]", "[please|can you] [cancel|reverse|refund] the [charge|payment] of {amount}",
        "[i|we] [paid|was billed] {amount} [twice|too much|by mistake]",
    ],
    "QUOTE": [
        "[i'd like|i want|wanna] [to request|to get|] a [quote|price quote|estimate]", "[requesting|request for] a [quote|quotation|price list]",
        "[how much|what] [would|does] it cost to [rent|book|order] {service}", "[price|prices|rates] [list|sheet] [please|pls|]",
        "[what's|what is] the [price|rate|fee] [per night|per hour|per unit|for two]", "[how much|what do you charge] for {qty} {items}",
    ],
    "COMPLAINT": [
        "[i|we] [want|wanna|need] to report a problem with [my room|the service|my order]",
        "thanks for nothing[, great service|, really helpful|]", "[nobody|no one] [cleaned|fixed|answered] [our room|the sink|my emails]",
        "this is the [second|third|fourth] time [i report this|i complain|it happens]", "[i'm|im] [really|so|very] [disappointed|upset|annoyed] with [you|your company|the hotel]",
        "[your|the] [product|service|support] is [awful|a joke|terrible|horrible]", "[the|my] [food|order|room] [was|is] [cold|wrong|dirty|late] [again|]",
    ],
    "HUMAN": [
        "[representative|agent|operator|human] [please|pls|now|]", "[put|transfer|connect] me [through|] to [the front desk|reception|a manager]",
        "[help|assistance] [reaching|contacting|calling] [customer service|an agent|someone] [by phone|]",
        "[can|could] [someone|a person|an agent] [call|contact|phone] me [back|please|]",
    ],
    "OTHER": [
        "[set|create|start] a [timer|reminder|alarm] [for|in] [10 minutes|an hour|5pm]", "[explain|describe] {topic} [to me|please|]",
        "[do you|can you] [like|sing|dance|dream]", "what time is it in [tokyo|london|new york]",
        "[ok|okay|alright|cool|great] [thanks|thank you|cheers|]{punct}", "[good|nice|lovely] [morning|evening|night|day] [to you|]",
        "[hello|hi|hey] there[!|,|] [how are you|how's it going|good morning|]{qmark}", "[hi|hello|hey|yo] [ai|bot|friend|guys]{punct}",
        "[hey|hi|hello] [how are you doing|what's up|how have you been]{qmark}", "[hello|hi], [good morning|good afternoon|good evening]{punct}",
        "[what|which] [stocks|team|movie] [went up|won|is best] [today|last night|this year]{qmark}",
        "[find|get|show] me [a list of|articles about|a book on] [lawyers|essay writing|negotiation|gardening]",
    ],
}
