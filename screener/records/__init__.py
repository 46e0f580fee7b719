"""Patient records: the model (``model``), readers for each input format (``adapters``),
and binding to the vocabulary with unit normalization (``bind``)."""
