"""KMS: sealing and opening the DPO's free-text notes (core/notes.py says why and at what cost)."""

from typing import Any, TypeVar

from pydantic import BaseModel

from call_recordings.core.notes import NOTE_FIELDS, ciphertext_of, is_sealed

Record = TypeVar("Record", bound=BaseModel)


class NoteSealer:
    def __init__(self, kms_client: Any, key_id: str) -> None:
        self._kms = kms_client
        self._key_id = key_id

    def seal(self, request_id: str, field: str, text: str) -> bytes:
        """One ``Encrypt``; the context names the request and the field, so a sealed note copied to
        another request or field cannot be opened there."""
        return self._kms.encrypt(
            KeyId=self._key_id, Plaintext=text.encode(), EncryptionContext=_context(request_id, field)
        )["CiphertextBlob"]

    def opened(self, record: Record, request_id: str) -> Record:
        """The record with its sealed notes decrypted: one ``Decrypt`` for each."""
        shown = {
            name: self.open(request_id, name, getattr(record, name))
            for name in NOTE_FIELDS & set(type(record).model_fields)
            if is_sealed(getattr(record, name))
        }
        return record.model_copy(update=shown) if shown else record

    def open(self, request_id: str, field: str, sealed: str) -> str:
        """One note in its sealed form (core.notes.SEALED), decrypted: one ``Decrypt``."""
        return self._kms.decrypt(
            KeyId=self._key_id,
            CiphertextBlob=ciphertext_of(sealed),
            EncryptionContext=_context(request_id, field),
        )["Plaintext"].decode()


def _context(request_id: str, field: str) -> dict[str, str]:
    return {"request_id": request_id, "field": field}
