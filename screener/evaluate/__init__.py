"""Evaluation: a compiled trial and one bound patient record -> per-criterion
three-valued results with evidence, and the patient's verdict.

``facts`` is the only view of patient data the rules see; ``calendar`` does
the date arithmetic; ``rules`` evaluates one IR node; ``verdict`` combines
criteria.  Nothing here reads the clock: the screening date is ``as_of``.
"""
