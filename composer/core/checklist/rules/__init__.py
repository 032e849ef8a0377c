"""The checklist's rules, one module per theme, run in the order of ``engine.RULE_MODULES``:
``questions`` (purpose, audience, networks), ``editorial`` (message, tone, dialogue, good news, website),
``limits`` (length, hashtags, links per network), ``photos`` (alt text, consent), ``library`` (privacy,
house style, review), ``cadence`` (posting rhythm), ``audience`` (the audience's network, from the library's
feedback)."""
