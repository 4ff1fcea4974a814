"""Names, context keys and the residency allow-list: the one place the stack's settings live."""

from __future__ import annotations

from dataclasses import dataclass

STACK_ID = "CallRecordings"
DEFAULT_REGION = "eu-west-2"

# The notice promises the recordings stay within the UK/EEA. These are the AWS commercial
# regions in the UK or the EEA; Zurich (eu-central-2) is left out on purpose: Switzerland is
# neither.
UK_EEA_REGIONS = (
    "eu-west-2",  # London
    "eu-west-1",  # Ireland
    "eu-west-3",  # Paris
    "eu-central-1",  # Frankfurt
    "eu-north-1",  # Stockholm
    "eu-south-1",  # Milan
    "eu-south-2",  # Spain
)

# CDK context keys (cdk.json or `-c key=value`).
CONTEXT_ACCOUNT = "account"
CONTEXT_REGION = "region"
CONTEXT_DPO_PRINCIPAL_ARNS = "dpoPrincipalArns"
CONTEXT_DPO_ALERT_EMAIL = "dpoAlertEmail"

RECORDINGS_PREFIX = "recordings/"
ACCESS_LOG_RETENTION_DAYS = 400  # thirteen months: a full audit year and a month's grace


class ResidencyError(ValueError):
    """The stack was asked to deploy somewhere the notice does not allow."""


def require_uk_eea_region(region: str) -> str:
    if region not in UK_EEA_REGIONS:
        raise ResidencyError(
            f"Region {region!r} is outside the UK/EEA: the privacy notice keeps call recordings "
            f"within the UK/EEA. Allowed regions: {', '.join(UK_EEA_REGIONS)}."
        )
    return region


@dataclass(frozen=True)
class StackSettings:
    """What the stack needs from CDK context, validated once."""

    region: str
    account: str | None = None
    dpo_principal_arns: tuple[str, ...] = ()
    dpo_alert_email: str | None = None

    @classmethod
    def from_context(cls, get) -> StackSettings:
        """Build from a `node.try_get_context`-like callable."""
        principals = get(CONTEXT_DPO_PRINCIPAL_ARNS) or ()
        if isinstance(principals, str):
            principals = tuple(p.strip() for p in principals.split(",") if p.strip())
        return cls(
            region=require_uk_eea_region(get(CONTEXT_REGION) or DEFAULT_REGION),
            account=get(CONTEXT_ACCOUNT) or None,
            dpo_principal_arns=tuple(principals),
            dpo_alert_email=get(CONTEXT_DPO_ALERT_EMAIL) or None,
        )
