"""Secrets Manager: the HMAC key for subject hashes, read once per container."""

from typing import Any


class Secrets:
    def __init__(self, secretsmanager_client: Any) -> None:
        self._secretsmanager = secretsmanager_client
        self._keys: dict[str, bytes] = {}

    def hmac_key(self, secret_arn: str) -> bytes:
        """The secret's text as the key bytes; read from Secrets Manager the first time only."""
        if secret_arn not in self._keys:
            text = self._secretsmanager.get_secret_value(SecretId=secret_arn).get("SecretString")
            if not text:
                raise ValueError(f"secret {secret_arn} holds no text to use as the subject hash key")
            self._keys[secret_arn] = text.encode()
        return self._keys[secret_arn]
