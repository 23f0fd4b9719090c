"""The partner workspace and the assurance queue, one module per area of the site:

- ``actions``: our actions list, an action's page and the forms that change it;
- ``recommendations``: all recommendations and a recommendation's page;
- ``assurance``: oversight's queue, assure and return;
- ``evidence``: permission-checked evidence downloads.
"""
