"""The privacy notice's words about complaints and the Information Commissioner's Office (ICO), quoted
once, verbatim (``shared/seed/privacy-notice.txt``, the paragraph after the Data Protection Officer's):
a SAR's disclosure manifest quotes them (subject_access/disclosure.py) and every complaint's report
shows them (complaints/), so the person is told of their right to go to the ICO in the notice's own
words. A unit test checks each quotation against the notice.
"""

NOTICE_COMPLAINT = (
    "If you are not happy with how we have handled your complaint, you have the right to contact the "
    "Information Commissioner's Office to raise your concerns about how we have processed your "
    "information or how we have responded to your request to exercise any of your rights in relation "
    "to your information"
)
ICO_TELEPHONE = "0303 123 1113"
ICO_WEBSITE = "www.ico.org.uk/concerns"
ICO_ADDRESS = (
    "Information Commissioner's Office",
    "Wycliffe House",
    "Water Lane",
    "Wilmslow",
    "Cheshire",
    "SK9 5AF",
)
# The notice lists them as three bullets; on one line, as the disclosure manifest gives them.
ICO_CONTACT = (
    f"Telephone them on {ICO_TELEPHONE}; visit their website at {ICO_WEBSITE}; or write to them at "
    f"{ICO_ADDRESS[0]}, {', '.join(ICO_ADDRESS[1:-1])} {ICO_ADDRESS[-1]}"
)
