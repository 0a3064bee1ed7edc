"""Campaigns into suites: the suite search on the solver core (problem, result, check, stop).

- ``heuristic``: the list scheduler (first plan, repair); ``cleaning``: cleans in a plan;
  ``bounds``: the floor no plan can go below; ``plans``: a placement's objective and slots.
- ``model``: the CP-SAT model, one module per rule family; ``cpsat``: running it.
- ``lns`` (makespan without time windows) and ``lns_window`` (weighted, time windows):
  large-neighbourhood search for models too big for the time.
- ``search.plan_suites``: the suite plan (no roster) that ``solver.solve`` runs;
  ``explaining.explain``: why a campaign sits where it does.
- ``staffcap``: the staff capacity the suite model keeps to (``solver.joint``).

Importing this package does not import ortools. The roster is ``solver.roster``, a sibling
package on the same core.
"""
