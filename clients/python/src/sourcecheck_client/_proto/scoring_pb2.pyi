import datetime

from google.api import annotations_pb2 as _annotations_pb2
from google.api import field_behavior_pb2 as _field_behavior_pb2
from google.api import resource_pb2 as _resource_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class EncodingType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ENCODING_TYPE_UNSPECIFIED: _ClassVar[EncodingType]
    ENCODING_TYPE_UTF8: _ClassVar[EncodingType]
    ENCODING_TYPE_UTF16: _ClassVar[EncodingType]
    ENCODING_TYPE_UTF32: _ClassVar[EncodingType]

class SourceKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SOURCE_KIND_UNSPECIFIED: _ClassVar[SourceKind]
    SOURCE_KIND_NAMED_OFFICIAL: _ClassVar[SourceKind]
    SOURCE_KIND_NAMED_PERSON: _ClassVar[SourceKind]
    SOURCE_KIND_ORGANIZATION: _ClassVar[SourceKind]
    SOURCE_KIND_NEWS_OUTLET: _ClassVar[SourceKind]
    SOURCE_KIND_ANONYMOUS: _ClassVar[SourceKind]
    SOURCE_KIND_DOCUMENT: _ClassVar[SourceKind]
    SOURCE_KIND_UNATTRIBUTED: _ClassVar[SourceKind]

class ScoreView(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SCORE_VIEW_UNSPECIFIED: _ClassVar[ScoreView]
    SCORE_VIEW_BASIC: _ClassVar[ScoreView]
    SCORE_VIEW_CLAIM_REVIEW: _ClassVar[ScoreView]
ENCODING_TYPE_UNSPECIFIED: EncodingType
ENCODING_TYPE_UTF8: EncodingType
ENCODING_TYPE_UTF16: EncodingType
ENCODING_TYPE_UTF32: EncodingType
SOURCE_KIND_UNSPECIFIED: SourceKind
SOURCE_KIND_NAMED_OFFICIAL: SourceKind
SOURCE_KIND_NAMED_PERSON: SourceKind
SOURCE_KIND_ORGANIZATION: SourceKind
SOURCE_KIND_NEWS_OUTLET: SourceKind
SOURCE_KIND_ANONYMOUS: SourceKind
SOURCE_KIND_DOCUMENT: SourceKind
SOURCE_KIND_UNATTRIBUTED: SourceKind
SCORE_VIEW_UNSPECIFIED: ScoreView
SCORE_VIEW_BASIC: ScoreView
SCORE_VIEW_CLAIM_REVIEW: ScoreView

class Article(_message.Message):
    __slots__ = ("name", "id", "outlet", "url", "title", "body", "published_at", "language")
    NAME_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    OUTLET_FIELD_NUMBER: _ClassVar[int]
    URL_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    BODY_FIELD_NUMBER: _ClassVar[int]
    PUBLISHED_AT_FIELD_NUMBER: _ClassVar[int]
    LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    name: str
    id: str
    outlet: str
    url: str
    title: str
    body: str
    published_at: _timestamp_pb2.Timestamp
    language: str
    def __init__(self, name: _Optional[str] = ..., id: _Optional[str] = ..., outlet: _Optional[str] = ..., url: _Optional[str] = ..., title: _Optional[str] = ..., body: _Optional[str] = ..., published_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., language: _Optional[str] = ...) -> None: ...

class Span(_message.Message):
    __slots__ = ("start", "end")
    START_FIELD_NUMBER: _ClassVar[int]
    END_FIELD_NUMBER: _ClassVar[int]
    start: int
    end: int
    def __init__(self, start: _Optional[int] = ..., end: _Optional[int] = ...) -> None: ...

class Source(_message.Message):
    __slots__ = ("kind", "name", "role", "span", "count")
    KIND_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    SPAN_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    kind: SourceKind
    name: str
    role: str
    span: Span
    count: int
    def __init__(self, kind: _Optional[_Union[SourceKind, str]] = ..., name: _Optional[str] = ..., role: _Optional[str] = ..., span: _Optional[_Union[Span, _Mapping]] = ..., count: _Optional[int] = ...) -> None: ...

class Attribution(_message.Message):
    __slots__ = ("kind", "source", "chain", "hedged", "hedges", "origin_key")
    KIND_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    CHAIN_FIELD_NUMBER: _ClassVar[int]
    HEDGED_FIELD_NUMBER: _ClassVar[int]
    HEDGES_FIELD_NUMBER: _ClassVar[int]
    ORIGIN_KEY_FIELD_NUMBER: _ClassVar[int]
    kind: SourceKind
    source: str
    chain: _containers.RepeatedCompositeFieldContainer[Source]
    hedged: bool
    hedges: _containers.RepeatedScalarFieldContainer[str]
    origin_key: str
    def __init__(self, kind: _Optional[_Union[SourceKind, str]] = ..., source: _Optional[str] = ..., chain: _Optional[_Iterable[_Union[Source, _Mapping]]] = ..., hedged: _Optional[bool] = ..., hedges: _Optional[_Iterable[str]] = ..., origin_key: _Optional[str] = ...) -> None: ...

class Match(_message.Message):
    __slots__ = ("article_id", "outlet", "claim_id", "text", "span", "similarity", "independent", "published_at", "kind", "same_copy")
    ARTICLE_ID_FIELD_NUMBER: _ClassVar[int]
    OUTLET_FIELD_NUMBER: _ClassVar[int]
    CLAIM_ID_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    SPAN_FIELD_NUMBER: _ClassVar[int]
    SIMILARITY_FIELD_NUMBER: _ClassVar[int]
    INDEPENDENT_FIELD_NUMBER: _ClassVar[int]
    PUBLISHED_AT_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    SAME_COPY_FIELD_NUMBER: _ClassVar[int]
    article_id: str
    outlet: str
    claim_id: str
    text: str
    span: Span
    similarity: float
    independent: bool
    published_at: _timestamp_pb2.Timestamp
    kind: SourceKind
    same_copy: bool
    def __init__(self, article_id: _Optional[str] = ..., outlet: _Optional[str] = ..., claim_id: _Optional[str] = ..., text: _Optional[str] = ..., span: _Optional[_Union[Span, _Mapping]] = ..., similarity: _Optional[float] = ..., independent: _Optional[bool] = ..., published_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., kind: _Optional[_Union[SourceKind, str]] = ..., same_copy: _Optional[bool] = ...) -> None: ...

class Claim(_message.Message):
    __slots__ = ("id", "text", "span", "attribution", "supporting", "contradicting", "independent_origins", "attribution_strength", "corroboration", "score", "reasons", "level")
    ID_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    SPAN_FIELD_NUMBER: _ClassVar[int]
    ATTRIBUTION_FIELD_NUMBER: _ClassVar[int]
    SUPPORTING_FIELD_NUMBER: _ClassVar[int]
    CONTRADICTING_FIELD_NUMBER: _ClassVar[int]
    INDEPENDENT_ORIGINS_FIELD_NUMBER: _ClassVar[int]
    ATTRIBUTION_STRENGTH_FIELD_NUMBER: _ClassVar[int]
    CORROBORATION_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    REASONS_FIELD_NUMBER: _ClassVar[int]
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    id: str
    text: str
    span: Span
    attribution: Attribution
    supporting: _containers.RepeatedCompositeFieldContainer[Match]
    contradicting: _containers.RepeatedCompositeFieldContainer[Match]
    independent_origins: int
    attribution_strength: float
    corroboration: float
    score: float
    reasons: _containers.RepeatedScalarFieldContainer[str]
    level: int
    def __init__(self, id: _Optional[str] = ..., text: _Optional[str] = ..., span: _Optional[_Union[Span, _Mapping]] = ..., attribution: _Optional[_Union[Attribution, _Mapping]] = ..., supporting: _Optional[_Iterable[_Union[Match, _Mapping]]] = ..., contradicting: _Optional[_Iterable[_Union[Match, _Mapping]]] = ..., independent_origins: _Optional[int] = ..., attribution_strength: _Optional[float] = ..., corroboration: _Optional[float] = ..., score: _Optional[float] = ..., reasons: _Optional[_Iterable[str]] = ..., level: _Optional[int] = ...) -> None: ...

class ScoreArticleRequest(_message.Message):
    __slots__ = ("article", "view", "encoding_type")
    ARTICLE_FIELD_NUMBER: _ClassVar[int]
    VIEW_FIELD_NUMBER: _ClassVar[int]
    ENCODING_TYPE_FIELD_NUMBER: _ClassVar[int]
    article: Article
    view: ScoreView
    encoding_type: EncodingType
    def __init__(self, article: _Optional[_Union[Article, _Mapping]] = ..., view: _Optional[_Union[ScoreView, str]] = ..., encoding_type: _Optional[_Union[EncodingType, str]] = ...) -> None: ...

class ScoreArticleResponse(_message.Message):
    __slots__ = ("article_id", "claims", "policy_version", "json_ld", "extractor_version")
    ARTICLE_ID_FIELD_NUMBER: _ClassVar[int]
    CLAIMS_FIELD_NUMBER: _ClassVar[int]
    POLICY_VERSION_FIELD_NUMBER: _ClassVar[int]
    JSON_LD_FIELD_NUMBER: _ClassVar[int]
    EXTRACTOR_VERSION_FIELD_NUMBER: _ClassVar[int]
    article_id: str
    claims: _containers.RepeatedCompositeFieldContainer[Claim]
    policy_version: str
    json_ld: str
    extractor_version: str
    def __init__(self, article_id: _Optional[str] = ..., claims: _Optional[_Iterable[_Union[Claim, _Mapping]]] = ..., policy_version: _Optional[str] = ..., json_ld: _Optional[str] = ..., extractor_version: _Optional[str] = ...) -> None: ...

class IngestArticleRequest(_message.Message):
    __slots__ = ("article",)
    ARTICLE_FIELD_NUMBER: _ClassVar[int]
    article: Article
    def __init__(self, article: _Optional[_Union[Article, _Mapping]] = ...) -> None: ...

class IngestArticleResponse(_message.Message):
    __slots__ = ("article_id", "claim_count", "replaced")
    ARTICLE_ID_FIELD_NUMBER: _ClassVar[int]
    CLAIM_COUNT_FIELD_NUMBER: _ClassVar[int]
    REPLACED_FIELD_NUMBER: _ClassVar[int]
    article_id: str
    claim_count: int
    replaced: bool
    def __init__(self, article_id: _Optional[str] = ..., claim_count: _Optional[int] = ..., replaced: _Optional[bool] = ...) -> None: ...

class BulkIngestArticlesRequest(_message.Message):
    __slots__ = ("article",)
    ARTICLE_FIELD_NUMBER: _ClassVar[int]
    article: Article
    def __init__(self, article: _Optional[_Union[Article, _Mapping]] = ...) -> None: ...

class BulkIngestArticlesResponse(_message.Message):
    __slots__ = ("article_count", "claim_count")
    ARTICLE_COUNT_FIELD_NUMBER: _ClassVar[int]
    CLAIM_COUNT_FIELD_NUMBER: _ClassVar[int]
    article_count: int
    claim_count: int
    def __init__(self, article_count: _Optional[int] = ..., claim_count: _Optional[int] = ...) -> None: ...

class StreamScoreArticlesRequest(_message.Message):
    __slots__ = ("article", "view", "encoding_type")
    ARTICLE_FIELD_NUMBER: _ClassVar[int]
    VIEW_FIELD_NUMBER: _ClassVar[int]
    ENCODING_TYPE_FIELD_NUMBER: _ClassVar[int]
    article: Article
    view: ScoreView
    encoding_type: EncodingType
    def __init__(self, article: _Optional[_Union[Article, _Mapping]] = ..., view: _Optional[_Union[ScoreView, str]] = ..., encoding_type: _Optional[_Union[EncodingType, str]] = ...) -> None: ...

class StreamScoreArticlesResponse(_message.Message):
    __slots__ = ("result",)
    RESULT_FIELD_NUMBER: _ClassVar[int]
    result: ScoreArticleResponse
    def __init__(self, result: _Optional[_Union[ScoreArticleResponse, _Mapping]] = ...) -> None: ...

class GetArticleRequest(_message.Message):
    __slots__ = ("name", "id")
    NAME_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    name: str
    id: str
    def __init__(self, name: _Optional[str] = ..., id: _Optional[str] = ...) -> None: ...

class DeleteArticleRequest(_message.Message):
    __slots__ = ("name", "id", "allow_missing")
    NAME_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    ALLOW_MISSING_FIELD_NUMBER: _ClassVar[int]
    name: str
    id: str
    allow_missing: bool
    def __init__(self, name: _Optional[str] = ..., id: _Optional[str] = ..., allow_missing: _Optional[bool] = ...) -> None: ...

class DeleteArticleResponse(_message.Message):
    __slots__ = ("deleted",)
    DELETED_FIELD_NUMBER: _ClassVar[int]
    deleted: bool
    def __init__(self, deleted: _Optional[bool] = ...) -> None: ...

class ListArticlesRequest(_message.Message):
    __slots__ = ("page_size", "page_token")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListArticlesResponse(_message.Message):
    __slots__ = ("articles", "next_page_token")
    ARTICLES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    articles: _containers.RepeatedCompositeFieldContainer[Article]
    next_page_token: str
    def __init__(self, articles: _Optional[_Iterable[_Union[Article, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetCorpusStatsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetCorpusStatsResponse(_message.Message):
    __slots__ = ("article_count", "claim_count", "policy_version", "extractor_version", "stored_extractor_versions")
    ARTICLE_COUNT_FIELD_NUMBER: _ClassVar[int]
    CLAIM_COUNT_FIELD_NUMBER: _ClassVar[int]
    POLICY_VERSION_FIELD_NUMBER: _ClassVar[int]
    EXTRACTOR_VERSION_FIELD_NUMBER: _ClassVar[int]
    STORED_EXTRACTOR_VERSIONS_FIELD_NUMBER: _ClassVar[int]
    article_count: int
    claim_count: int
    policy_version: str
    extractor_version: str
    stored_extractor_versions: _containers.RepeatedCompositeFieldContainer[ExtractorVersionCount]
    def __init__(self, article_count: _Optional[int] = ..., claim_count: _Optional[int] = ..., policy_version: _Optional[str] = ..., extractor_version: _Optional[str] = ..., stored_extractor_versions: _Optional[_Iterable[_Union[ExtractorVersionCount, _Mapping]]] = ...) -> None: ...

class ExtractorVersionCount(_message.Message):
    __slots__ = ("extractor_version", "article_count")
    EXTRACTOR_VERSION_FIELD_NUMBER: _ClassVar[int]
    ARTICLE_COUNT_FIELD_NUMBER: _ClassVar[int]
    extractor_version: str
    article_count: int
    def __init__(self, extractor_version: _Optional[str] = ..., article_count: _Optional[int] = ...) -> None: ...
