"""twitter-text's own conformance suite for what Post Composer counts: X's weighted length and its links.

Written from reading the suite in github.com/twitter/twitter-text (at 30e2430,
Apache-2.0): ``conformance/validate.yml`` (sections ``tweets``,
``urls_without_protocol``, ``WeightedTweetsWithDiscountedEmojiCounterTest`` —
the v3 configuration X uses — and ``UnicodeDirectionalMarkerCounterTest``) and
``conformance/extract.yml`` (sections ``urls``, ``urls_with_indices``,
``urls_with_directional_markers``, ``tco_urls_with_params``). The suite's file
itself is not part of this repository; repetitive texts are rebuilt here with
string operations.

Left out, on purpose: the v1/v2 counters (a 140-character limit, emoji not
discounted), ``validate.yml``'s ``urls`` (``isValidUrl``, a check of a whole
string against RFC 3986 that no network applies to a post), and the mentions,
hashtags and cashtags sections (nothing counts them for X).
"""

from __future__ import annotations

import pytest

from composer.core.checklist.text import links
from composer.core.networks.counting import count

_CJK_POEM = ("故人西辞黄鹤楼，烟花三月下扬州。孤帆远影碧空尽，唯见长江天际流。朱雀桥边野草花，乌衣巷口夕阳斜。"
             "旧时王谢堂前燕，飞入寻常百姓家。朝辞白帝彩云间，千里江陵一日还。两岸猿声啼不住，轻舟已过万重山。"
             "泪湿罗巾梦不成，夜深前殿按歌声。红颜未老恩先断，斜倚薰笼坐到明。独在异乡为异客，每逢佳节倍思亲。"
             "遥知兄弟登高处，遍插茱萸少一人。")
_KANA = "あいうえおかきくけこ"
_FAMILY = "\U0001F468\u200d\U0001F469\u200d\U0001F467\u200d\U0001F466"
_LONG_URL = "https://" + "somesuperlongurl" * 249 + ".com/foo"  # 4,000 characters, a 3,984-character label
_PUNCTUATION = "\u2010 \u2011 \u2012 \u2013 \u2014 \u2015 \u2016  \u2017 \u2018 \u2019 \u201a \u201b \u201c \u201d " \
               "\u201e \u201f \u2032 \u2033 \u2034 \u2035 \u2036 \u2037"  # two spaces after U+2016, as in the suite

# (description, text, weightedLength, valid, where the text first goes past 280 or is refused (None: fits)).
# The suite gives validRangeEnd in UTF-16 units; the last column is the index in the Python string after it.
WEIGHTED = [
    ("Regular Tweet with url", "Hi http://test.co", 26, True, None),
    ("Just url", "http://test.co", 23, True, None),
    ("Long tweet, overflow at char index 280", "285 chars-" + "xxxxxxxxxx-" * 25, 285, False, 280),
    ("Long tweet with url in the middle, overflow at char index 284",
     "285 chars- http://www.twitter.com/jack " + "xxxxxxxxxx-" * 24, 299, False, 284),
    ("Long tweet with url at the end, overflow at char index 265",
     "xxxxxxxxxx-" * 24 + " http://www.twitter.com/jack ", 289, False, 265),
    ("10 url string, no overflow", "https://www.twitter.com/aloha " * 10, 240, True, None),
    ("160 CJK char, overflow at char index 140", _CJK_POEM, 320, False, 140),
    ("160 emoji char, overflow at char index 140", "\U0001F637" * 160, 320, False, 140),
    ("3 latin char + 160 CJK char, overflow at char index 141", "the" + _CJK_POEM, 323, False, 141),
    ("282 chars with a normalized character within valid range but outside 280",
     "282 chars-" + "xxxxxxxxxx-" * 24 + "xxxxx" + "A\u0301" + "x", 281, False, 281),
    ("Count a mix of single byte single word, and double word unicode characters",
     "H\U0001F431\u263a" + _FAMILY, 7, True, None),
    ("Count unicode emoji chars inside the basic multilingual plane",
     "\U0001F637\U0001F47E\U0001F621\U0001F525\U0001F4A9", 10, True, None),
    ("Count unicode emoji chars outside the basic multilingual plane with skin tone modifiers",
     "\U0001F64B\U0001F3FD\U0001F468\u200d\U0001F3A4", 4, True, None),
    ("Handle General Punctuation Characters with visible spaces (U+2000-200A), no ZWJ/ZWNJ",
     "This is a tweet with general punctuation characters: "
     "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u200b " + _PUNCTUATION, 110, True, None),
    ("Handle long url with invalid domain labels and short url",
     "Long url with invalid domain labels and a short url: " + " ".join([_LONG_URL] * 3) + " https://validurl.com",
     12079, False, 280),
    ("Handle a 64 character domain without protocol", "randomurl" * 7 + "s.com", 68, True, None),
    ("Do not allow > 140 CJK characters by virtue of CJK chars greater than 63 punycode encoded chars in the host",
     _KANA * 12 + " http://" + _KANA * 5 + "あいう.com", 358, False, 144),
    ("Allow > 140 CJK characters by virtue of CJK chars less than 63 punycode encoded chars in the host",
     _KANA * 12 + " http://" + _KANA * 5 + "あい.com", 264, True, None),
    ("140 family emoji", _FAMILY * 140, 280, True, None),
    ("Emoji with a leading character in the latin range is counted as 2", "1\u20e3", 2, True, None),
    ("Unicode 10.0 emoji",
     "Unicode 10.0 emoji: \U0001F92A; \U0001F9D5; \U0001F9D5\U0001F3FE; "
     "\U0001F3F4\U000E0067\U000E0062\U000E0065\U000E006E\U000E0067\U000E007F", 34, True, None),
    ("Unicode 9.0 emoji", "Unicode 9.0 emoji: \U0001F920; \U0001F483; \U0001F483\U0001F3FE", 29, True, None),
    # UnicodeDirectionalMarkerCounterTest
    ("Handle invalid characters", "ABC\u202a\uffffABC\ufffe", 12, False, 4),
    ("Tweet text containing directional characters should be considered valid",
     "\u2066\u202ahttp://foobar.\u067e\u0627\u06a9\u0633\u062a\u0627\u0646/\u202c\u2069", 31, True, None),
]


@pytest.mark.parametrize("description, text, weighted, valid, over_from", WEIGHTED, ids=[c[0] for c in WEIGHTED])
def test_x_weighted_length_is_twitter_texts(description, text, weighted, valid, over_from):
    measured = count("x", text)
    assert measured.length == weighted
    assert measured.valid is valid
    assert measured.limit == 280
    assert measured.over_from == over_from


TWEETS = [  # validate.yml "tweets", the ones that hold at 280
    ("Valid Tweet: < 20 characters", "I am a Tweet", True),
    ("Valid Tweet: 140 characters", "A lie gets halfway around the world before the truth has a chance to get its "
     "pants on. Winston Churchill (1874-1965) http://bit.ly/dJpywL", True),
    ("Valid Tweet: 140 characters (with accents)", "A lié géts halfway arøünd thé wørld béføré thé truth has a chance "
     "tø get its pants øn. Winston Churchill (1874-1965) http://bit.ly/dJpywL", True),
    ("Valid Tweet: 140 characters (double byte characters)", "の" * 140, True),
    ("Valid Tweet: 140 characters (double word characters)", "\U0001F431" * 140, True),
    ("Invalid Tweet: no characters (empty)", "", False),
]


@pytest.mark.parametrize("description, text, valid", TWEETS, ids=[c[0] for c in TWEETS])
def test_x_validity_is_twitter_texts(description, text, valid):
    assert count("x", text).valid is valid


# --- links (extract.yml): the links the checks count, and each weighs 23 -----------------------------------

_LONG_KANA_HOST = "あ" * 255
URLS = [
    ("Extract a lone URL", "http://example.com", ["http://example.com"]),
    ("Extract a lone unicode url", "http://ああ.com", ["http://ああ.com"]),
    ("Extract a lone unicode url with -", "http://あ-あ.com", ["http://あ-あ.com"]),
    ("valid: http://google.com", "text http://google.com", ["http://google.com"]),
    ("valid: http://foobar.com/#", "text http://foobar.com/#", ["http://foobar.com/#"]),
    ("valid: http://google.com/#foo", "text http://google.com/#foo", ["http://google.com/#foo"]),
    ("valid: #search query", "text http://google.com/#search?q=iphone%20-filter%3Alinks",
     ["http://google.com/#search?q=iphone%20-filter%3Alinks"]),
    ("valid: twitter #search", "text http://twitter.com/#search?q=iphone%20-filter%3Alinks",
     ["http://twitter.com/#search?q=iphone%20-filter%3Alinks"]),
    ("valid: query with path", "text http://somedomain.com/index.php?path=/abc/def/",
     ["http://somedomain.com/index.php?path=/abc/def/"]),
    ("valid: long path", "text http://www.boingboing.net/2007/02/14/katamari_damacy_phon.html",
     ["http://www.boingboing.net/2007/02/14/katamari_damacy_phon.html"]),
    ("valid: port", "text http://somehost.com:3000", ["http://somehost.com:3000"]),
    ("valid: tilde and percent", "text http://xo.com/~matthew+%ff-x", ["http://xo.com/~matthew+%ff-x"]),
    ("valid: punctuation inside", "text http://xo.com/~matthew+%ff-,.;x", ["http://xo.com/~matthew+%ff-,.;x"]),
    ("valid: punctuation path", "text http://xo.com/,.;x", ["http://xo.com/,.;x"]),
    ("valid: balanced parentheses", "text http://en.wikipedia.org/wiki/Primer_(film)",
     ["http://en.wikipedia.org/wiki/Primer_(film)"]),
    ("valid: equals and dashes", "text http://www.ams.org/bookstore-getitem/item=mbk-59",
     ["http://www.ams.org/bookstore-getitem/item=mbk-59"]),
    ("valid: symbol in the host", "text http://✪df.ws/ejp", ["http://✪df.ws/ejp"]),
    ("valid: ends before Japanese", "test http://example.comだよね.comtest/hogehoge", ["http://example.com"]),
    ("valid: query without path", "text http://chilp.it/?77e8fd", ["http://chilp.it/?77e8fd"]),
    ("valid: one-letter domain", "text http://x.com/oneletterdomain", ["http://x.com/oneletterdomain"]),
    ("valid: parentheses before an extension",
     "text http://msdn.microsoft.com/ja-jp/library/system.net.httpwebrequest(v=VS.100).aspx",
     ["http://msdn.microsoft.com/ja-jp/library/system.net.httpwebrequest(v=VS.100).aspx"]),
    ("valid: hyphen as the query's last character",
     "text https://www.youtube.com/watch?v=LOxOAuDHzaw&list=PLPoq910Q9jXhuH6pit_KwIsck9fEz_9U-",
     ["https://www.youtube.com/watch?v=LOxOAuDHzaw&list=PLPoq910Q9jXhuH6pit_KwIsck9fEz_9U-"]),
    ("no top-level domain", "text http://no-tld", []),
    ("top-level domain too short", "text http://tld-too-short.x", []),
    ("after a parenthesis", "(http://twitter.com", ["http://twitter.com"]),
    ("long hyphenated subdomain", "text http://word-and-a-number-8-ftw.domain.com/",
     ["http://word-and-a-number-8-ftw.domain.com/"]),
    ("no hyphenated top-level domain", "text http://domain.com-that-you-should-have-put-a-space-after", []),
    ("ends with a # value", "text http://foo.com?#foo text", ["http://foo.com?#foo"]),
    ("without protocol on generic domains", "foo.com foo.net foo.org foo.edu foo.gov",
     ["foo.com", "foo.net", "foo.org", "foo.edu", "foo.gov"]),
    ("without protocol on other domains",
     "foo.baz foo.co.jp www.xxxxxxx.baz www.foo.co.uk wwwww.xxxxxxx foo.comm foo.somecom foo.govedu foo.jp",
     ["foo.co.jp", "www.foo.co.uk", "foo.jp"]),
    ("without protocol, country domain with slash", "t.co/abcde bit.ly/abcde", ["t.co/abcde", "bit.ly/abcde"]),
    ("with protocol, country domains", "http://foo.jp http://fooooo.jp", ["http://foo.jp", "http://fooooo.jp"]),
    ("- or + at the end of the path", "Go to http://example.com/a+ or http://example.com/a-",
     ["http://example.com/a+", "http://example.com/a-"]),
    ("longer path ending in -", "Go to http://example.com/view/slug-url-?foo=bar",
     ["http://example.com/view/slug-url-?foo=bar"]),
    ("en dash in the path", "Go to https://en.m.wikipedia.org/wiki/Hatfield–McCoy_feud please",
     ["https://en.m.wikipedia.org/wiki/Hatfield–McCoy_feud"]),
    ("after a space", "@user Try http:// example.com/path", ["example.com/path"]),
    ("long, without protocol, among CJK", "これは日本語です。example.com/path/index.html中国語example.com/path한국",
     ["example.com/path/index.html", "example.com/path"]),
    ("short, without protocol, among CJK",
     "twitter.comこれは日本語です。example.com中国語t.co/abcde한국twitter.com example2.comテストtwitter.com/abcde",
     ["twitter.com", "example.com", "t.co/abcde", "twitter.com", "example2.com", "twitter.com/abcde"]),
    ("with and without protocol among CJK",
     "http://twitter.com/これは日本語です。example.com中国語http://t.co/abcde한국twitter.comテストexample2.comテスト"
     "http://twitter.com/abcde",
     ["http://twitter.com/", "example.com", "http://t.co/abcde", "twitter.com", "example2.com",
      "http://twitter.com/abcde"]),
    ("Cyrillic path", "Go to http://twitter.com/Русские_слова", ["http://twitter.com/Русские_слова"]),
    ("non-ASCII host, not one over 63 characters",
     "http://exampleこれは日本語です.com/path/index.html http://" + _LONG_KANA_HOST + ".com/path/index.html",
     ["http://exampleこれは日本語です.com/path/index.html"]),
    ("country domains without path among CJK", "twitter.jp日本語it.so中国語foo.jp it.so foo.jp",
     ["twitter.jp", "it.so", "foo.jp", "it.so", "foo.jp"]),
    ("invalid punycode", "Hello http://xn--はじめよう.com/index.html", []),
    ("underscore before the domain", "text http://domain-dash_2314352345_dfasd.foo-cow_4352.com", []),
    ("- or + in an e-mail address", "Email me at name.al-lastname@foo.com or name.al+lastname@foo.com", []),
    ("- in the middle", "Find my page at name.al-lastname.com", ["name.al-lastname.com"]),
    ("tv and co short links", "MLB.tv vine.co twitch.tv t.co", ["MLB.tv", "vine.co", "twitch.tv", "t.co"]),
    ("after a no-break space", "@user Try http:// example.com/path", ["example.com/path"]),
    ("underscores and dashes in the subdomain", "test http://sub_domain-dash.twitter.com",
     ["http://sub_domain-dash.twitter.com"]),
    ("fewest characters", "test http://a.b.cd", ["http://a.b.cd"]),
    ("underscores and dashes", "test http://a_b.c-d.com", ["http://a_b.c-d.com"]),
    ("dashes in the subdomain", "test http://a-b.c.com", ["http://a-b.c.com"]),
    ("dashes in the domain name", "test http://twitter-dash.com", ["http://twitter-dash.com"]),
    ("lots of symbols then a period",
     "http://www.bestbuy.com/site/Currie+Technologies+-+Ezip+400+Scooter/9885188.p?id=1218189013070&skuId=9885188",
     ["http://www.bestbuy.com/site/Currie+Technologies+-+Ezip+400+Scooter/9885188.p?id=1218189013070&skuId=9885188"]),
    ("leading dash in the subdomain", "test http://-leadingdash.twitter.com", []),
    ("leading dash in the domain", "test http://leadingdash.-twitter.com", []),
    ("trailing dash in the subdomain", "test http://trailingdash-.twitter.com", []),
    ("trailing dash in the domain", "test http://trailingdash.twitter-.com", []),
    ("leading underscore in the subdomain", "test http://_leadingunderscore.twitter.com", []),
    ("leading underscore in the domain", "test http://leadingunderscore._twitter.com", []),
    ("trailing underscore in the subdomain", "test http://trailingunderscore_.twitter.com", []),
    ("trailing underscore in the domain", "test http://trailingunderscore.twitter_.com", []),
    ("leading dash in the domain name", "test http://-twitter.com", []),
    ("trailing dash in the domain name", "test http://twitter-.com", []),
    ("underscore in the domain name", "test http://twitter_underscore.com", []),
    ("underscore in the top-level domain", "test http://twitter.c_o_m", []),
    ("path with a period", "test http://www.foo.com/foo/path-with-period./",
     ["http://www.foo.com/foo/path-with-period./"]),
    ("path ending in a number with a period", "test http://www.foo.org.za/foo/bar/688.1",
     ["http://www.foo.org.za/foo/bar/688.1"]),
    ("pipes in the query", "test http://www.foo.com/bar-path/some.stm?param1=foo;param2=P1|0||P2|0",
     ["http://www.foo.com/bar-path/some.stm?param1=foo;param2=P1|0||P2|0"]),
    ("ampersand in the path", "test http://foo.com/bar/123/foo_&_bar/", ["http://foo.com/bar/123/foo_&_bar/"]),
    ("short path", "test http://www.cp.sc.edu/events/65 test", ["http://www.cp.sc.edu/events/65"]),
    ("many subdomains", "http://www.andersondaradio.no.comunidades.net/ test test",
     ["http://www.andersondaradio.no.comunidades.net/"]),
    ("accented domain without protocol", "test ELPAÍS.com", ["ELPAÍS.com"]),
    ("not the period at the end", "test http://twitter.com/.", ["http://twitter.com/"]),
    ("? in the fragment",
     "http://tn.com.ar/show/00056158/la-estrella-del-certamen-el-turno-de-pamela-anderson?fb_xd_fragment#?=&cb="
     "fe17523f223b7&relation=parent.parent&transport=fragment&type=resize&height=20&ackdata",
     ["http://tn.com.ar/show/00056158/la-estrella-del-certamen-el-turno-de-pamela-anderson?fb_xd_fragment#?=&cb="
      "fe17523f223b7&relation=parent.parent&transport=fragment&type=resize&height=20&ackdata"]),
    ("a ton of trailing periods", "Test a ton of periods http://example.com/path" + "." * 42,
     ["http://example.com/path"]),
    ("a ton of trailing commas", "Test a ton of periods http://example.com/" + "," * 42, ["http://example.com/"]),
    ("a ton of trailing !", "Test a ton of periods http://example.com/path/" + "!" * 42, ["http://example.com/path/"]),
    ("not in a hashtag or mention",
     "#test.com @test.com #http://test.com @http://test.com #t.co/abcde @t.co/abcde", []),
    ("t.co with a trailing apostrophe", "I really like http://t.co/pbY2NfTZ's website", ["http://t.co/pbY2NfTZ"]),
    ("t.co with a trailing hyphen", "Check this site out http://t.co/FNkPfmii- it's great", ["http://t.co/FNkPfmii"]),
    ("t.co with a trailing colon", "According to http://t.co/ulYGBYSo: the internet is cool",
     ["http://t.co/ulYGBYSo"]),
    ("t.co with a long path", "I really like http://t.co/abcdefghijklmnopqrstuvwxyz0123456789",
     ["http://t.co/abcdefghijklmnopqrstuvwxyz0123456789"]),
    ("no t.co slug over 40 characters", "I really like http://t.co/abcdefghijklmnopqrstuvwxyz012345678901234", []),
    ("domain followed by Japanese", "example.comてすとですtwitter.みんなです", ["example.com", "twitter.みんな"]),
    ("before a line break",
     "http://twitter.com\nhttp://example.com\nhttp://example.com/path\nexample.com/path\nit.so\nit.so/abcde",
     ["http://twitter.com", "http://example.com", "http://example.com/path", "example.com/path", "it.so",
      "it.so/abcde"]),
    ("not after $", "$http://twitter.com $twitter.com $http://t.co/abcde $t.co/abcde $t.co $TVI.CA $RBS.CA", []),
    ("not a .bz2 file name", "long.test.tar.bz2 test.tar.bz2 tar.bz2", []),
    ("not a generic domain followed by @", "john.doe.gov@mail.com", []),
    ("not a country domain followed by @", "john.doe.jp@mail.com", []),
    # urls_with_indices
    ("in a Japanese post", "皆さん見てください！ http://google.com", ["http://google.com"]),
    ("t.co, trailing characters left out",
     "http://t.co/pbY2NfTZ's http://t.co/2vYHpAc5; http://t.co/ulYGBYSo: http://t.co/8MkmHU0k+c "
     "http://t.co/TKLp64dY.x http://t.co/8t7G3ddS#a http://t.co/FNkPfmii-",
     ["http://t.co/pbY2NfTZ", "http://t.co/2vYHpAc5", "http://t.co/ulYGBYSo", "http://t.co/8MkmHU0k",
      "http://t.co/TKLp64dY", "http://t.co/8t7G3ddS", "http://t.co/FNkPfmii"]),
    ("t.co in a referer", "http://www.foo.com?referer=https://t.co/abcde http://t.co/xyzzy",
     ["http://www.foo.com?referer=https://t.co/abcde", "http://t.co/xyzzy"]),
    ("the same link twice", "http://t.co http://t.co", ["http://t.co", "http://t.co"]),
    ("punycode host", "test http://xn--ls8h.XN--ls8h.la/", ["http://xn--ls8h.XN--ls8h.la/"]),
    ("IDN top-level domains", "test http://foobar.みんな/ http://foobar.中国/ http://foobar.پاکستان/ ",
     ["http://foobar.みんな/", "http://foobar.中国/", "http://foobar.پاکستان/"]),
    # urls_with_directional_markers
    ("RTL text", "\u2066\u202atest abcdef.com پاکستان http://twitter.com/\u202c\u2069",
     ["abcdef.com", "http://twitter.com/"]),
    ("RTL text with embedded directional marks",
     "This is a test \u2066\u202atwitter.com\u202c\u2069 \u2066\u202ahttp://foobar.پاکستان/\u202c\u2069\u2069 "
     "قطر فلسطين عمان",
     ["twitter.com", "http://foobar.پاکستان/"]),
    # tco_urls_with_params
    ("t.co with amp", "text https://t.co/UqIyJAJTfo?amp=1", ["https://t.co/UqIyJAJTfo?amp=1"]),
    ("t.co with type", "text https://t.co/UqIyJAJTfo?type=js", ["https://t.co/UqIyJAJTfo?type=js"]),
    ("t.co with ssr", "text https://t.co/UqIyJAJTfo?ssr=true", ["https://t.co/UqIyJAJTfo?ssr=true"]),
    ("t.co with a fragment", "text https://t.co/asdfdf?a=b#123", ["https://t.co/asdfdf?a=b#123"]),
    ("t.co with two parameters", "text https://t.co/sadfasdf?a=b&c=d", ["https://t.co/sadfasdf?a=b&c=d"]),
    # validate.yml urls_without_protocol: each a whole link
    ("domain + gTLD", "example.com", ["example.com"]),
    ("subdomain + domain + gTLD", "www.example.com", ["www.example.com"]),
    ("domain + ccTLD", "t.co", ["t.co"]),
    ("subdomain + domain + ccTLD", "foo.co.jp", ["foo.co.jp"]),
    ("domain + path + query", "example.com/path/to/resource?search=foo&lang=en",
     ["example.com/path/to/resource?search=foo&lang=en"]),
]


@pytest.mark.parametrize("description, text, expected", URLS, ids=[c[0] for c in URLS])
def test_links_are_the_ones_twitter_text_extracts(description, text, expected):
    assert [text[a:b] for a, b in links(text)] == expected


@pytest.mark.parametrize("description, text, expected", URLS, ids=[c[0] for c in URLS])
def test_each_link_weighs_23_on_x(description, text, expected):
    """Whatever else the text holds, each link found weighs 23 instead of its characters."""
    found = links(text)
    rest = text
    for a, b in reversed(found):
        rest = rest[:a] + rest[b:]
    if len(text) < 1000:  # one long case is about the 4,096 limit, not weight
        assert count("x", text).length == 23 * len(found) + count("x", rest).length
