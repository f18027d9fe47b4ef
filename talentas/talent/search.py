"""The job board's full text, in Lithuanian and English: one stored document per opportunity, one way to read a query.

PostgreSQL ships no Lithuanian dictionary, so neither side leans on the database's own stemming: an opportunity's
text is reduced to the stems of both Snowball stemmers (the ones `matching.text_terms` uses) and stored as
`Opportunity.search_document`; a query word is reduced the same way, and an opportunity matches when, for every
query word, one of that word's stems begins one of the document's words. "programuotojas", "programuotojo" and
"programuotojų" share the stem "programuotoj"; "developers" and "developer" share "develop".

The same document serves PostgreSQL (`to_tsvector('simple', …)` with prefix queries over a GIN index, see
selectors) and SQLite (a substring test on " stem"), so results agree on both, and a page of results is one query
whatever the database holds.
"""

import re
from collections.abc import Iterable

from .matching import text_terms

MAX_QUERY_WORDS = 8
_WORD = re.compile(r"\w+", re.UNICODE)


def word_stems(word: str) -> list[str]:
    """The stems one word stands for (Lithuanian and English Snowball), none for a stop word or a short one."""
    return text_terms(word)


def search_document(texts: Iterable[str]) -> str:
    """The stored document: every distinct stem of the texts, space-separated and space-framed (" a b c ")."""
    stems: dict[str, None] = {}
    for text in texts:
        for word in _WORD.findall(text or ""):
            for stem in word_stems(word):
                stems.setdefault(stem)
    return f" {' '.join(stems)} " if stems else ""


def query_terms(query: str) -> list[list[str]]:
    """For each searchable word of the query (at most MAX_QUERY_WORDS), the stems any of which must match."""
    groups = []
    for word in _WORD.findall(query or ""):
        stems = word_stems(word)
        if stems and stems not in groups:
            groups.append(stems)
    return groups[:MAX_QUERY_WORDS]


def opportunity_texts(
    *,
    title: str,
    description: str,
    organisation: str,
    occupation_labels: Iterable[str] = (),
    skill_labels: Iterable[str] = (),
) -> list[str]:
    """What of an opportunity is searched: its own words, who offers it, and its ESCO labels in both languages."""
    return [title, description, organisation, *occupation_labels, *skill_labels]
