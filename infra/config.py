"""Names, context keys and the residency allow-list: the one place the stack's settings live."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from call_recordings.holds.review import LONGEST_REVIEW_MONTHS, is_reviewable
from call_recordings.holds.vocabulary import HoldReason

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

# IAM role names that people and the telephony system are told to assume (README,
# docs/telephony.md), fixed so that a policy naming them can be written before the stack exists.
DPO_ROLE_NAME = "CallRecordingsDpo"
TELEPHONY_UPLOADER_ROLE_NAME = "CallRecordingsTelephonyUploader"
# The role a DPO signed in to the console gets (infra/console.py): fixed, so that the API's resource policy
# can name it without depending on the identity pool, which depends on the console's address.
CONSOLE_ROLE_NAME = "CallRecordingsConsole"

# CDK context keys (cdk.json or `-c key=value`).
CONTEXT_ACCOUNT = "account"
CONTEXT_REGION = "region"
CONTEXT_DPO_PRINCIPAL_ARNS = "dpoPrincipalArns"
CONTEXT_DPO_ALERT_EMAIL = "dpoAlertEmail"
CONTEXT_TELEPHONY_PRINCIPAL_ARNS = "telephonyPrincipalArns"
CONTEXT_AUDIT_ARCHIVE_RETENTION_YEARS = "auditArchiveRetentionYears"
CONTEXT_HOLD_REVIEW_MONTHS = "holdReviewMonths"
# The console (infra/console.py): the first DPO's e-mail, made a user of the console's user pool; and the
# prefix of the sign-in pages' address (<prefix>.auth.<region>.amazoncognito.com), unique in the region.
CONTEXT_CONSOLE_ADMIN_EMAIL = "consoleAdminEmail"
CONTEXT_CONSOLE_DOMAIN_PREFIX = "consoleDomainPrefix"
# What a disclosure package's manifest says of the deployment (UK GDPR Art 15(1): the controller, the
# recipients, among them the processors, and where the data are kept), in the council's words.
CONTEXT_DATA_CONTROLLER = "dataController"
CONTEXT_DATA_PROCESSORS = "dataProcessors"
CONTEXT_STORAGE_LOCATION = "storageLocation"

DEFAULT_DATA_CONTROLLER = "South Hams District Council, Follaton House, Plymouth Road, Totnes, Devon TQ9 5NE"
# The notice says "Call recordings are not processed by other organisations"; AWS hosts them. The
# contracting entity for UK and EEA customers is Amazon Web Services EMEA SARL (AWS Customer Agreement).
DEFAULT_DATA_PROCESSORS = (
    "Amazon Web Services EMEA SARL (AWS), 38 Avenue John F. Kennedy, L-1855 Luxembourg, hosts the "
    "recordings and the systems that keep them for the Council, as its processor under contract (UK GDPR "
    "Article 28); it uses them for no purpose of its own"
)
# Where each allowed region is, for the manifest's storage location.
REGION_PLACES = {
    "eu-west-2": "London, United Kingdom",
    "eu-west-1": "Ireland",
    "eu-west-3": "Paris, France",
    "eu-central-1": "Frankfurt, Germany",
    "eu-north-1": "Stockholm, Sweden",
    "eu-south-1": "Milan, Italy",
    "eu-south-2": "Spain",
}

# The identities a council names for its people and systems: IAM roles and users, a role's path
# included (IAM Identity Center's roles have one). Never an account root, a group or a session.
IAM_ROLE_OR_USER_ARN = re.compile(r"^arn:aws(-[a-z-]+)?:iam::\d{12}:(?P<kind>role|user)/[\w+=,.@/-]+$")
EMAIL_ADDRESS = re.compile(r"^[^@\s,]+@[^@\s,]+\.[^@\s,]+$")
# A Cognito domain prefix: lower-case letters, digits and hyphens, at most 63, neither end a hyphen; Cognito
# refuses one holding "aws", "amazon" or "cognito".
DOMAIN_PREFIX = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
RESERVED_IN_DOMAIN_PREFIX = ("aws", "amazon", "cognito")

ACCESS_LOG_RETENTION_DAYS = 400  # thirteen months: a full audit year and a month's grace
# A log deleted or overwritten stays this long as a noncurrent version (the access-logs bucket is versioned).
ACCESS_LOG_NONCURRENT_DAYS = 90
# How long each audit entry's archived copy is locked (Object Lock, compliance mode): six years, the
# limitation period for a claim in contract or tort (Limitation Act 1980 ss.2 and 5), which the
# council's records of who did what to a recording may be needed to answer.
DEFAULT_AUDIT_ARCHIVE_RETENTION_YEARS = 6
MAX_AUDIT_ARCHIVE_RETENTION_YEARS = 100  # S3's limit on a default retention is 100 years


class ContextError(ValueError):
    """The CDK context cannot make a stack the council could deploy: the message says which key to give."""


class ResidencyError(ContextError):
    """The stack was asked to deploy somewhere the notice does not allow."""


def require_uk_eea_region(region: str) -> str:
    if region not in UK_EEA_REGIONS:
        raise ResidencyError(
            f"Region {region!r} is outside the UK/EEA: the privacy notice keeps call recordings "
            f"within the UK/EEA. Allowed regions: {', '.join(UK_EEA_REGIONS)}."
        )
    return region


def storage_location(region: str) -> str:
    """The manifest's default storage location: the deployment's own region, in words."""
    return (
        f"Stored by Amazon Web Services in its {REGION_PLACES[region]} region ({region}); no copy is kept "
        "in any other region"
    )


def email_address(key: str, value: object) -> str | None:
    """An e-mail address from context; None when not given."""
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not EMAIL_ADDRESS.match(value):
        raise ContextError(f"{key}: {value!r} is not an e-mail address.")
    return value


def domain_prefix(value: object) -> str | None:
    """The console's sign-in domain prefix from context; None when not given (the stack derives one
    from the account, infra/console.py)."""
    if value is None or value == "":
        return None
    text = str(value)
    if not DOMAIN_PREFIX.match(text) or any(word in text for word in RESERVED_IN_DOMAIN_PREFIX):
        raise ContextError(
            f"{CONTEXT_CONSOLE_DOMAIN_PREFIX}: {value!r} is not a Cognito domain prefix: lower-case letters, "
            "digits and hyphens, at most 63, not starting or ending with a hyphen, and without "
            f"{', '.join(repr(word) for word in RESERVED_IN_DOMAIN_PREFIX)}. The console's sign-in pages are "
            "served at https://<prefix>.auth.<region>.amazoncognito.com."
        )
    return text


def is_iam_user(arn: str) -> bool:
    match = IAM_ROLE_OR_USER_ARN.match(arn)
    return bool(match) and match["kind"] == "user"


def principal_arns(key: str, value: object) -> tuple[str, ...]:
    """IAM role or user ARNs from context: a JSON list (cdk.json) or a comma-separated `-c` value."""
    arns = value.split(",") if isinstance(value, str) else list(value or ())
    arns = tuple(arn.strip() for arn in arns if arn.strip())
    for arn in arns:
        if arn.endswith(":root") or re.fullmatch(r"\d{12}", arn):
            raise ContextError(
                f"{key}: {arn!r} names a whole AWS account. Name the IAM roles or users that may act "
                "(arn:aws:iam::<account>:role/<name>): trusting an account lets every principal in it "
                "that an administrator allows act as them."
            )
        if not IAM_ROLE_OR_USER_ARN.match(arn):
            raise ContextError(
                f"{key}: {arn!r} is not the ARN of an IAM role or user "
                "(arn:aws:iam::<account>:role/<path/name> or arn:aws:iam::<account>:user/<name>)."
            )
    return arns


def retention_years(value: object) -> int:
    """The audit archive's retention from context: a whole number of years (a `-c` value is a string);
    the default when not given."""
    if value is None or value == "":
        return DEFAULT_AUDIT_ARCHIVE_RETENTION_YEARS
    text = str(value).strip()
    if (
        isinstance(value, bool)
        or not text.isdecimal()
        or not 1 <= int(text) <= MAX_AUDIT_ARCHIVE_RETENTION_YEARS
    ):
        raise ContextError(
            f"{CONTEXT_AUDIT_ARCHIVE_RETENTION_YEARS}: {value!r} is not a number of years from 1 to "
            f"{MAX_AUDIT_ARCHIVE_RETENTION_YEARS}. It is how long each archived audit entry is locked in "
            f"compliance mode, which nobody can shorten once set (default "
            f"{DEFAULT_AUDIT_ARCHIVE_RETENTION_YEARS})."
        )
    return int(text)


def hold_review_months(value: object) -> dict[str, int]:
    """Months from placing to a hold's first review, by reason, from context: a JSON object (cdk.json,
    or a `-c` string) such as {"legal-claim": 6, "threat": 6, "complaint": 3}; reasons left out keep
    the default (holds/review.py). Each from 1 to 12: a hold is reviewed at least once a year."""
    if value in (None, ""):
        return {}
    try:
        months = json.loads(value) if isinstance(value, str) else value
    except ValueError as error:
        raise ContextError(f"{CONTEXT_HOLD_REVIEW_MONTHS}: {value!r} is not a JSON object") from error
    reviewable = {reason.value for reason in HoldReason if is_reviewable(reason)}
    if (
        not isinstance(months, dict)
        or not set(months) <= reviewable
        or not all(
            isinstance(n, int) and not isinstance(n, bool) and 1 <= n <= LONGEST_REVIEW_MONTHS
            for n in months.values()
        )
    ):
        raise ContextError(
            f"{CONTEXT_HOLD_REVIEW_MONTHS}: {value!r} must map some of {sorted(reviewable)} to a whole "
            f"number of months from 1 to {LONGEST_REVIEW_MONTHS}"
        )
    return dict(months)


MAX_MANIFEST_WORDS = 1000  # characters of one manifest fact: a sentence or two, not a document


def _words(key: str, value: object) -> str | None:
    """A manifest fact from context: text of a sentence or two; None when not given."""
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_MANIFEST_WORDS:
        raise ContextError(
            f"{key}: {value!r} is not a sentence of at most {MAX_MANIFEST_WORDS} characters. It is what "
            "every subject access package tells the requester, word for word."
        )
    return value.strip()


@dataclass(frozen=True)
class ManifestFacts:
    """The controller, the processors and the storage location a disclosure package's manifest states."""

    controller: str
    processors: str
    location: str


@dataclass(frozen=True)
class StackSettings:
    """What the stack needs from CDK context, validated once."""

    region: str
    account: str | None = None
    dpo_principal_arns: tuple[str, ...] = ()
    dpo_alert_email: str | None = None
    telephony_principal_arns: tuple[str, ...] = ()
    audit_archive_retention_years: int = DEFAULT_AUDIT_ARCHIVE_RETENTION_YEARS
    hold_review_months: dict[str, int] = field(default_factory=dict)
    data_controller: str = DEFAULT_DATA_CONTROLLER
    data_processors: str = DEFAULT_DATA_PROCESSORS
    storage_location: str | None = None  # None: the region's (storage_location)
    console_admin_email: str | None = None  # the first DPO made a user of the console's user pool
    console_domain_prefix: str | None = None  # None: derived from the account (infra/console.py)

    @property
    def manifest_facts(self) -> ManifestFacts:
        """What a disclosure package's manifest says of this deployment."""
        return ManifestFacts(
            controller=self.data_controller,
            processors=self.data_processors,
            location=self.storage_location or storage_location(self.region),
        )

    @classmethod
    def from_context(
        cls, get: Callable[[str], object], *, credentials_account: str | None = None
    ) -> StackSettings:
        """Build from a `node.try_get_context`-like callable.

        `credentials_account` is the account of the AWS credentials the CDK CLI found
        (CDK_DEFAULT_ACCOUNT). `cdk deploy` always has one, so a deploy without `-c account` is
        bound to it and checked like any deployment, never deployed silently without a DPO.
        """
        email = get(CONTEXT_DPO_ALERT_EMAIL) or None
        if email is not None and not EMAIL_ADDRESS.match(str(email)):
            raise ContextError(f"{CONTEXT_DPO_ALERT_EMAIL}: {email!r} is not an e-mail address.")
        settings = cls(
            region=require_uk_eea_region(get(CONTEXT_REGION) or DEFAULT_REGION),
            account=get(CONTEXT_ACCOUNT) or credentials_account or None,
            dpo_principal_arns=principal_arns(CONTEXT_DPO_PRINCIPAL_ARNS, get(CONTEXT_DPO_PRINCIPAL_ARNS)),
            dpo_alert_email=email,
            telephony_principal_arns=principal_arns(
                CONTEXT_TELEPHONY_PRINCIPAL_ARNS, get(CONTEXT_TELEPHONY_PRINCIPAL_ARNS)
            ),
            audit_archive_retention_years=retention_years(get(CONTEXT_AUDIT_ARCHIVE_RETENTION_YEARS)),
            hold_review_months=hold_review_months(get(CONTEXT_HOLD_REVIEW_MONTHS)),
            data_controller=_words(CONTEXT_DATA_CONTROLLER, get(CONTEXT_DATA_CONTROLLER))
            or DEFAULT_DATA_CONTROLLER,
            data_processors=_words(CONTEXT_DATA_PROCESSORS, get(CONTEXT_DATA_PROCESSORS))
            or DEFAULT_DATA_PROCESSORS,
            storage_location=_words(CONTEXT_STORAGE_LOCATION, get(CONTEXT_STORAGE_LOCATION)),
            console_admin_email=email_address(CONTEXT_CONSOLE_ADMIN_EMAIL, get(CONTEXT_CONSOLE_ADMIN_EMAIL)),
            console_domain_prefix=domain_prefix(get(CONTEXT_CONSOLE_DOMAIN_PREFIX)),
        )
        if settings.account:
            settings.require_deployable(from_credentials=not get(CONTEXT_ACCOUNT))
        return settings

    def require_deployable(self, *, from_credentials: bool) -> None:
        """A synth bound to an account is a deployment: it needs the people it serves."""
        needed = {}
        if not self.dpo_principal_arns:
            needed[CONTEXT_DPO_PRINCIPAL_ARNS] = (
                f"-c {CONTEXT_DPO_PRINCIPAL_ARNS}=arn:aws:iam::{self.account}:role/<role of the DPO staff> "
                "(IAM roles or users, comma-separated): only they may assume DpoRole and call the DPO "
                "API. The stack never trusts the whole account, so without them nobody could place a "
                "hold, answer a subject access request or erase a recording."
            )
        if not self.dpo_alert_email:
            needed[CONTEXT_DPO_ALERT_EMAIL] = (
                f"-c {CONTEXT_DPO_ALERT_EMAIL}=<the DPO's e-mail address>: subject access requests "
                "falling due, out-of-policy uploads and failed jobs are e-mailed there; without it "
                "they would reach nobody."
            )
        if needed:
            source = "the AWS credentials the CDK CLI found" if from_credentials else f"-c {CONTEXT_ACCOUNT}"
            hint = " (`make synth` writes a template for no account.)" if from_credentials else ""
            raise ContextError(
                f"account {self.account} (from {source}) makes this a deployment, which needs "
                f"{' and '.join(needed)}.{hint} Give " + " Give ".join(needed.values())
            )
