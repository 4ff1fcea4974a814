"""Free-text notes, which may hold personal data (a caller's number, a name): kept sealed.

What the DPO writes in a note (a hold's ``note`` and ``release_note``, a SAR's ``note``,
``pause_note`` and ``close_note``, a restriction's ``note`` and ``lift_note``, an erasure's ``note``)
is the one field of a request that nothing constrains, so an audit found numbers in them, in clear in
the requests table, readable by anything that may scan it. They are therefore encrypted by our own code
with KMS (``Encrypt``, under the data key, with an encryption context naming the request and the field)
before they are written, and decrypted only by the DPO API functions, only to show one request: the
table, its backups, its stream and anything that may read them hold ciphertext. Notes are at most 2,000
characters (dpo_api.inputs), well under KMS's 4 KB plaintext limit, so no envelope is needed.

Why encrypted, not hashed: the DPO must read the note back (the API shows it). Why not case references:
they are the council's own case numbers, searched for and shown in every list, the audit trail and the
recording's trail, so they stay in clear, and the API refuses one that looks like a phone number.

Cost: one ``Encrypt`` per note written; one ``Decrypt`` per note shown, and only when one request is
shown (its GET, or the answer to a change of it). Lists never show notes (null there), so a page of N
requests makes no KMS call. Functions that only read or rewrite a request (the hold worker, the eraser,
the SAR reminders) carry a note as its sealed form (``SEALED``) and write it back unchanged, with no KMS
call and no permission to decrypt.

Pure domain code: the sealed form, and which fields are notes. KMS is in core/adapters/notes.py.
"""

import base64
from typing import TypeVar

from pydantic import BaseModel

# Every field of a request that holds a DPO's free-text note.
NOTE_FIELDS = frozenset({"note", "release_note", "pause_note", "close_note", "lift_note", "review_note"})

# How a note read from the table but not decrypted travels through a record: a NUL (which no input may
# contain, dpo_api.inputs) so that nothing the DPO typed is ever taken for one, then the ciphertext.
SEALED = "\x00sealed:"

Record = TypeVar("Record", bound=BaseModel)


def sealed_text(ciphertext: bytes) -> str:
    return SEALED + base64.b64encode(ciphertext).decode()


def is_sealed(text: object) -> bool:
    return isinstance(text, str) and text.startswith(SEALED)


def ciphertext_of(text: str) -> bytes:
    return base64.b64decode(text.removeprefix(SEALED))


def concealed(record: Record) -> Record:
    """The record with its sealed notes left out (None): what a list shows."""
    fields = NOTE_FIELDS & set(type(record).model_fields)
    hidden = {name: None for name in fields if is_sealed(getattr(record, name))}
    return record.model_copy(update=hidden) if hidden else record
