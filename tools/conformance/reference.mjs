// The networks' reference implementations, run over a corpus for the conformance harness.
//
//   node reference.mjs CACHE_DIR IN.json OUT.json
//
// IN.json is a JSON array of texts; OUT.json gets one object per text. The
// packages come from CACHE_DIR/node_modules (installed there by __main__.py,
// never into the repository):
//
// - X: twitter-text 3.1.0 `parseTweet` (its emoji parser twemoji-parser 11.0.2).
// - Bluesky: @atproto/api `RichText` + `detectFacetsWithoutResolution`, then the
//   app's link shortening (social-app `shortenLinks` / `toShortUrl`, followed
//   here in our own words), graphemes by the package's own count.
// - Mastodon: there is no npm package of the server. Its rules are built here
//   over the same twitter-text 3.1.0 (the server's Gemfile asks for the Ruby gem
//   3.1, which is in no registry this harness can reach): the server's path,
//   query and protocol overrides (config/initializers/twitter_regex.rb), links
//   only with a protocol (extract_url_without_protocol: false), its mention
//   pattern (Account::MENTION_RE) with the 253-character server rule
//   (app/lib/extractor.rb), Ruby's strip (app/models/status.rb), then graphemes
//   (String#grapheme_clusters; Intl.Segmenter here).
// - Threads, Instagram: no reference code exists. For the project's documented
//   rules a second opinion: unique links by twitter-text's extractUrls (in the
//   NFC text, as X finds them), hashtags by twitter-text's extractHashtags (no
//   tag without a letter, none overlapping a link, none followed by # or ://).

import { createRequire } from 'node:module'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

const [cacheDir, inPath, outPath] = process.argv.slice(2)
const require = createRequire(join(cacheDir, 'package.json'))
const twttr = require('twitter-text')
const punycode = require('punycode/')
const twemojiRegex = require('twemoji-parser/dist/lib/regex.js').default
const { RichText, UnicodeString } = await import(pathToFileURL(require.resolve('@atproto/api')).href)

const segmenter = new Intl.Segmenter()
const graphemes = (s) => { let n = 0; for (const _ of segmenter.segment(s)) n++; return n }
const codePoints = (s) => { let n = 0; for (const _ of s) n++; return n }

// --- X ---------------------------------------------------------------------------------------------------------

function emojiSpans(text) {
  // twemoji-parser's matches as code point spans of the NFC text (for the harness's classes)
  const normalized = text.normalize()
  const re = new RegExp(twemojiRegex.source, 'g')
  const spans = []
  let m
  while ((m = re.exec(normalized))) {
    const start = codePoints(normalized.slice(0, m.index))
    spans.push([start, start + codePoints(m[0])])
  }
  return spans
}

// --- Bluesky ---------------------------------------------------------------------------------------------------

function shortUrl(url) {
  // social-app toShortUrl: host and the first 13 characters of path + query + fragment, '...' past 15
  let parsed
  try {
    parsed = new URL(url)
  } catch {
    return url
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return url
  const rest = (parsed.pathname === '/' ? '' : parsed.pathname) + parsed.search + parsed.hash
  return rest.length > 15 ? parsed.host + rest.slice(0, 13) + '...' : parsed.host + rest
}

function shortened(richText) {
  // social-app shortenLinks: each link facet's text replaced by its short form, facets kept in step
  let rt = richText
  if (!rt.facets?.length) return rt
  rt = rt.clone()
  for (const facet of rt.facets) {
    if (!facet.features.some((f) => f.$type === 'app.bsky.richtext.facet#link')) continue
    const { byteStart, byteEnd } = facet.index
    const shown = new UnicodeString(shortUrl(rt.unicodeText.slice(byteStart, byteEnd)))
    rt.insert(byteStart, shown.utf16)
    facet.index.byteStart = byteStart
    facet.index.byteEnd = byteStart + shown.length
    rt.delete(byteStart + shown.length, byteEnd + shown.length)
  }
  return rt
}

function bluesky(text) {
  const typed = new RichText({ text })
  typed.detectFacetsWithoutResolution()
  const counter = shortened(typed) // what the composer's counter counts
  const posted = new RichText({ text: text.trimEnd() }, { cleanNewlines: true })
  posted.detectFacetsWithoutResolution()
  const record = shortened(posted) // what the app posts (the lexicon's limits apply to it)
  return { graphemes: counter.graphemeLength, bytes: record.length, postedGraphemes: record.graphemeLength }
}

// --- Mastodon --------------------------------------------------------------------------------------------------

const R = twttr.regexen
const WHITE_SPACE = '\\t-\\r \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000'
const PATH_CHAR = `[^${WHITE_SPACE}<>()?]`
const PARENS = `\\((?:${PATH_CHAR}+|(?:${PATH_CHAR}*\\(${PATH_CHAR}+\\)${PATH_CHAR}*))\\)`
// The server redefines the ending characters before the parentheses: the ending keeps twitter-text's.
const PATH_END = `(?:[^${WHITE_SPACE}()?!*"'「」<>;:=,.$%\\[\\]~&|@]|(?:${R.validUrlBalancedParens.source}))`
const PATH = `(?:(?:${PATH_CHAR}*(?:${PARENS}${PATH_CHAR}*)*${PATH_END})|(?:${PATH_CHAR}+/))`
// Ruby's UCHARS; astral ranges as surrogate pairs (this pattern has no u flag, like twitter-text's own)
const UCHARS_BMP = '\\u00a0-\\ud7ff\\uf900-\\ufdcf\\ufdf0-\\uffef\\ue000-\\uf8ff'
const ASTRAL = '[\\ud800-\\udb3f\\udb44-\\udbff][\\udc00-\\udfff]'
const QUERY = `(?:[a-z0-9!?*'();:&=+$/%#\\[\\]\\-_.,~|@^${UCHARS_BMP}]|${ASTRAL})`
const QUERY_END = `(?:[a-z0-9_&=#/\\-${UCHARS_BMP}]|${ASTRAL})`
const MASTODON_URL = new RegExp(
  `((${R.validUrlPrecedingChars.source})` +
    `(((?:https?|dat|dweb|ipfs|ipns|ssb|gopher|gemini)://)?` +
    `(${R.validDomain.source})` +
    `(?::(${R.validPortNumber.source}))?` +
    `(/${PATH}*)?` +
    `(\\?${QUERY}*${QUERY_END})?))`,
  'gi'
)
const WORD = '[\\p{L}\\p{M}\\p{Nd}\\p{Pc}]'
const MENTION = new RegExp(
  `(?<![=/\\p{L}\\p{M}\\p{Nd}\\p{Pc}])@((?:[a-z0-9_]+(?:[.-]+[a-z0-9_]+)*)(?:@${WORD}+(?:[.-]+${WORD}+)*)?)`,
  'giu'
)
const RUBY_STRIP = /^[\0\t\n\v\f\r ]+|[\0\t\n\v\f\r ]+$/g

function validUrl(url, protocol, domain) {
  // twitter-text's isValidUrl: every label 1 to 63 characters once punycoded, at most 4,096 in all
  if (domain.startsWith('xn--') && !domain.match(R.validAsciiDomain)) return false
  for (const label of domain.split('.')) {
    const ascii = punycode.toASCII(label)
    if (ascii.length < 1 || ascii.length > 63) return false
  }
  return protocol.length + url.length <= 4096
}

function mastodon(raw) {
  const text = raw.replace(RUBY_STRIP, '')
  if (/^[\p{White_Space}]*$/u.test(text)) return { length: 0 }
  const entities = []
  if (text.includes(':')) {
    MASTODON_URL.lastIndex = 0
    let m
    while ((m = MASTODON_URL.exec(text))) {
      let url = m[3]
      const protocol = m[4]
      const domain = m[5]
      if (!protocol) continue
      const start = MASTODON_URL.lastIndex - url.length
      const tco = url.match(R.validTcoUrl)
      if (tco) {
        if (tco[1].length > 40) continue
        url = tco[0]
      }
      if (!validUrl(url, protocol, domain)) continue
      entities.push({ start, end: start + url.length, replacement: 'x'.repeat(23) })
    }
  }
  if (text.includes('@')) {
    MENTION.lastIndex = 0
    let m
    while ((m = MENTION.exec(text))) {
      const end = m.index + m[0].length
      if (R.endMentionMatch.test(text.slice(end))) continue
      const [user, server] = m[1].split('@')
      if (server && codePoints(server) > 253) continue
      entities.push({ start: m.index, end, replacement: '@' + user })
    }
  }
  entities.sort((a, b) => a.start - b.start)
  let rewritten = ''
  let pos = 0
  let lastEnd = -1
  for (const e of entities) {
    if (lastEnd > e.start) continue // twitter-text's remove_overlapping_entities
    rewritten += text.slice(pos, e.start) + e.replacement
    pos = lastEnd = e.end
  }
  rewritten += text.slice(pos)
  return { length: graphemes(rewritten) }
}

// --- Threads and Instagram: a second opinion on the project's rules ---------------------------------------------

function linkKey(url) {
  return url.replace(/^https?:\/\//i, '').replace(/^([^/?#]*)/, (host) => host.toLowerCase()).replace(/\/$/, '')
}

// --- the corpus ------------------------------------------------------------------------------------------------

const texts = JSON.parse(readFileSync(inPath, 'utf8'))
const out = texts.map((text) => {
  const x = twttr.parseTweet(text)
  return {
    x: { length: x.weightedLength, valid: x.valid, emoji: emojiSpans(text) },
    bluesky: bluesky(text),
    mastodon: mastodon(text),
    threads: { links: new Set(twttr.extractUrls(text.normalize()).map(linkKey)).size },
    instagram: { hashtags: twttr.extractHashtags(text).length },
  }
})
// twitter-text's top-level domains, for the harness to hold against the ones counting.py reads
const tlds = (re) => re.source.replace(/^\(\?:\(\?:/, '').replace(/\)\(\?=.*$/, '').split('|')
writeFileSync(outPath, JSON.stringify({ texts: out, tlds: [...tlds(R.validGTLD), ...tlds(R.validCCTLD)] }))
