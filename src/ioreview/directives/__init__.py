"""Presidential directives: reading, parsing, matching to registry bodies, ledger events.

A directive is a presidential document (memorandum, executive order, proclamation) that orders
something about international bodies: withdrawal, an end to funding, a review. The pipeline is

``read_directive_file`` (``text``) → ``parse_directive`` (``parse``; pure, no registry) →
``match_directive`` (``match``; registry ``Matcher``) → ``directive_events`` (``events``).

Modules: ``text`` (cleaning: front matter, tags, escapes, spaces, dashes, line joining),
``parse`` (title, date, kind, sections, numbered items), ``prose`` (bodies named in running
text), ``actions`` (what the wording orders), ``match`` (items to bodies, confidence flags),
``events`` (ledger events and the directive id), ``sources`` (source URIs of bundled texts).
Further modules of the package cover recording a directive in a project's ledger (``record``),
the calendar arithmetic of notice periods (``dates``) and registry questions of the directive
code (``registry_ops``).
"""
