"""The words of a report in its language: `formatter.Formatter` writes figures, money,
changes, states, quarters and dates and holds the gettext helpers; `sentences.Sentences`
builds the budget and summary sentences from a Formatter; `vocabulary` holds the word
tables (status, direction, unit and scheme words) marked for extraction; `translations`
loads the shipped gettext catalogues."""

from reportgen.words.formatter import Formatter
from reportgen.words.sentences import Sentences

__all__ = ["Formatter", "Sentences"]
