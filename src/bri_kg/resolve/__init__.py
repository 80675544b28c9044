"""Identity resolution: citing works and references grouped into real-work nodes, with evidence."""

from bri_kg.resolve.identity import *  # noqa: F403
from bri_kg.resolve.identity import __all__ as _identity_all
from bri_kg.resolve.keys import *  # noqa: F403
from bri_kg.resolve.keys import __all__ as _keys_all
from bri_kg.resolve.overrides import *  # noqa: F403
from bri_kg.resolve.overrides import __all__ as _overrides_all
from bri_kg.resolve.persons import *  # noqa: F403
from bri_kg.resolve.persons import __all__ as _persons_all
from bri_kg.resolve.stored import *  # noqa: F403
from bri_kg.resolve.stored import __all__ as _stored_all

__all__ = [*_identity_all, *_keys_all, *_overrides_all, *_persons_all, *_stored_all]
