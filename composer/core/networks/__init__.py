"""Each network's facts and counting: ``facts.py`` (limits from ``data/networks.json``), ``counting.py``
(one length per network, as its own code counts) and the link, mention and emoji finders it uses."""
