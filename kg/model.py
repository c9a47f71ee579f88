"""The plain data passed between stages: extraction and resolution produce it, the graph
writer consumes it, so each side can be tested without the other (no spaCy, no RDF here)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Document:
    """One input article. `id` is a content hash, so the same text always gets the same id.
    `name` is unique in a build: the file name, or for a record in a file of many the file
    name and the record's number ('feed.jsonl:3'); `source_file` and `record` then say which
    file and which line (or which HTML response of a web archive, counted from 1) it came from. `text` is the text analysed (a page's
    main text, markdown without its markup): every offset points into it."""

    id: str
    name: str
    text: str
    outlet: str | None = None
    date: str | None = None
    title: str | None = None
    url: str | None = None
    author: str | None = None
    source_file: str | None = None
    record: str | None = None


@dataclass(frozen=True, slots=True)
class Money:
    value: float
    currency: str


@dataclass(frozen=True, slots=True)
class Mention:
    """A typed surface form at character offsets [start, end) of a document. `name`, when
    set, is the descriptive name of something the text does not name (a ruling), and
    `date` the ISO 8601 date of an event, resolved against the article's date."""

    doc_id: str
    start: int
    end: int
    text: str
    type: str
    sentence: tuple[int, int]
    money: Money | None = None
    name: str | None = None
    date: str | None = None


@dataclass(frozen=True, slots=True)
class Fact:
    """A relation stated in one sentence. The object is a mention or a short text (a role,
    a quote). `claimed_by` marks a claim the article attributes to someone, not a fact it
    establishes: a mention of the claimant, or the outlet's name when the article itself
    reports it as an allegation. Facts sharing an `event` key describe one event (a payment's payer and
    payee in one fact, its amount and purpose in another); `amount` is a payment's sum."""

    subject: Mention
    predicate: str
    object: Mention | str
    doc_id: str
    sentence: tuple[int, int]
    claimed_by: Mention | str | None = None
    event: str | None = None
    amount: Mention | None = None


@dataclass(frozen=True, slots=True)
class Extraction:
    """What one article yields. `aliases` pairs mentions the text says name one thing
    ('the Bureau of X, or BX'); `sentences` are the article's sentence bounds."""

    document: Document
    mentions: tuple[Mention, ...]
    facts: tuple[Fact, ...]
    aliases: tuple[tuple[Mention, Mention], ...] = ()
    sentences: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class Entity:
    """One real-world thing, resolved across mentions and documents: its canonical name,
    the other names it goes by, its sum (a monetary amount) and its date (an event)."""

    id: str
    type: str
    name: str
    aliases: tuple[str, ...]
    money: Money | None = None
    date: str | None = None


@dataclass(frozen=True, slots=True)
class Article:
    """One article as resolution leaves it: its mentions (names the text repeats included),
    its facts, and the cluster each mention belongs to (a mention the user's aliases renamed
    is there under both forms); `Resolution.entity_of` turns clusters into entities."""

    document: Document
    mentions: tuple[Mention, ...]
    facts: tuple[Fact, ...]
    cluster_of: dict[Mention, str]


@dataclass(frozen=True)
class Resolution:
    """Everything the graph writer needs: the canonical entities, the articles (read one at
    a time: at scale they wait on disk), which entity each cluster joined, how many facts
    there are, and the roles written short that an entity holds in full elsewhere."""

    entities: tuple[Entity, ...]
    articles: Iterable[Article]
    entity_ids: dict[str, str]
    facts: int
    full_roles: dict[tuple[str, str], str] = field(default_factory=dict)

    def role(self, entity: str, role: str) -> str:
        """A role as written ('President'), or in full where the same entity holds it in full
        elsewhere ('President of the United States')."""
        return self.full_roles.get((entity, role), role)

    def entity_of(self, article: Article) -> dict[Mention, str]:
        """The entity id each of an article's mentions denotes."""
        return {mention: self.entity_ids[cluster] for mention, cluster in article.cluster_of.items()}
