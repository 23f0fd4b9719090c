"""Django's JSON fixture format with times kept to the microsecond, for backups.

Django's own JSON encoder cuts datetimes to milliseconds (as ECMAScript dates have
them), so a backup written with it would not restore every timestamp exactly. The
files it writes are ordinary JSON fixtures: ``loaddata`` reads them with Django's own
JSON deserializer.
"""

import datetime

from django.core.serializers import json as django_json
from django.core.serializers.json import DjangoJSONEncoder


class FullPrecisionEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime):
            return o.isoformat()
        return super().default(o)


class Serializer(django_json.Serializer):
    def _init_options(self) -> None:
        self.options.setdefault("cls", FullPrecisionEncoder)
        super()._init_options()


Deserializer = django_json.Deserializer
