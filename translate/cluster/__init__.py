"""Decoding on a Ray cluster: the ``ray`` executor of ``publish``.

:func:`~translate.cluster.executor.connect` reaches the cluster (or starts a
local Ray) and returns a :class:`~translate.cluster.executor.RayExecutor`,
which a publish is given as its :class:`~translate.run.translate.Executor`.
:mod:`~translate.cluster.ship` carries the run's model packages to the nodes;
:mod:`~translate.cluster.worker` is what runs there. Ray is an optional extra
(``pip install 'babelpress[ray]'``) and is imported only when a run uses it.
"""
