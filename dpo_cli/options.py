"""The options several commands share, named once: a person, a period, a note, a day, a page.

Choices are the domain's own vocabularies (call_recordings' StrEnums), so that `dpo` offers exactly
what the API accepts. Dates are passed as written (YYYY-MM-DD): the API checks them and says what is wrong.
"""

from typing import Annotated

import typer

Caller = Annotated[str | None, typer.Option("--caller", help="The person's phone number, as they give it")]
CustomerRef = Annotated[str | None, typer.Option("--customer-ref", help="The council's customer reference")]
RecordedFrom = Annotated[
    str | None,
    typer.Option("--recorded-from", metavar="YYYY-MM-DD", help="Only calls recorded from this day"),
]
RecordedTo = Annotated[
    str | None, typer.Option("--recorded-to", metavar="YYYY-MM-DD", help="Only calls recorded up to this day")
]
CallIds = Annotated[
    list[str] | None, typer.Option("--call-id", help="A call id (repeat the option for several)")
]
Note = Annotated[str | None, typer.Option("--note", help="Why: kept sealed with the record")]
On = Annotated[
    str | None, typer.Option("--on", metavar="YYYY-MM-DD", help="The day it happened (default today)")
]
ReceivedOn = Annotated[
    str, typer.Option("--received-on", metavar="YYYY-MM-DD", help="The day the request reached the council")
]
IdentityVerifiedOn = Annotated[
    str | None,
    typer.Option("--identity-verified-on", metavar="YYYY-MM-DD", help="The day proof of identity arrived"),
]
Limit = Annotated[int | None, typer.Option("--limit", help="At most this many")]
NextToken = Annotated[str | None, typer.Option("--next-token", help="The next page, as the last one said")]
Overdue = Annotated[
    bool | None, typer.Option("--overdue/--not-overdue", help="Only overdue ones, or only others")
]
LinkDays = Annotated[int | None, typer.Option("--link-days", help="How long the links work, 1 to 7 days")]
Download = Annotated[
    str | None,
    typer.Option("--download", metavar="DIR", help="Download the package (files and manifests) into DIR"),
]
Wait = Annotated[bool, typer.Option("--wait", help="Follow the work to its end with a progress bar")]
