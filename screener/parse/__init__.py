"""Stage 3: a normalized line -> tagged tokens (lexer) -> LALR parse tree (parser)."""
