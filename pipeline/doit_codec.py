"""doit's codec for its task records (DOIT_CONFIG["codec_cls"]): orjson instead of json.

doit decodes one record per task on every call; with ~600 tasks that is a
measurable share of a no-op build. Same JSON text format, so an existing
state database stays readable.
"""
from __future__ import annotations

import orjson


class OrjsonCodec:
    def encode(self, data) -> str:
        return orjson.dumps(data).decode()

    def decode(self, data):
        return orjson.loads(data)
