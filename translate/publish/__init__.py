"""Publishing: bundles of translated Markdown with front matter and manifests.

* :mod:`~translate.publish.config` — ``babelpress.yaml``
* :mod:`~translate.publish.slug` — stable ASCII slugs
* :mod:`~translate.publish.bundle` — files, front matter, manifests
* :mod:`~translate.publish.store` — atomic, locked writes into ``--out``
* :mod:`~translate.publish.archive` — deterministic zip / tar.gz
* :mod:`~translate.publish.verify` — re-checking a bundle
* :mod:`~translate.publish.run` — the publish itself
"""
