"""Sending many messages to SQS: ten to a call, refused entries sent again, what stays refused counted.
SQS's partial failure of a batch (some entries refused) cannot be produced by moto, so a recording
stand-in plays SQS here."""

from call_recordings.core.adapters.queue_batches import send_in_batches


class RefusingQueue:
    """Refuses each body listed in ``refusals`` that many times, then accepts it."""

    def __init__(self, refusals: dict[str, int]) -> None:
        self.refusals = dict(refusals)
        self.calls: list[list[str]] = []
        self.received: list[str] = []

    def send_message_batch(self, QueueUrl: str, Entries: list[dict]) -> dict:
        assert len(Entries) <= 10
        self.calls.append([entry["MessageBody"] for entry in Entries])
        failed = []
        for entry in Entries:
            if self.refusals.get(entry["MessageBody"], 0) > 0:
                self.refusals[entry["MessageBody"]] -= 1
                failed.append({"Id": entry["Id"], "Code": "InternalError", "SenderFault": False})
            else:
                self.received.append(entry["MessageBody"])
        return {"Successful": [], "Failed": failed}


def test_every_body_is_sent_ten_to_a_call_and_refused_entries_alone_are_sent_again():
    bodies = [f"m{number}" for number in range(23)]
    queue = RefusingQueue({"m3": 1, "m21": 2})

    refused = send_in_batches(queue, "https://sqs.example/q", bodies)

    assert refused == 0
    assert sorted(queue.received) == sorted(bodies)
    assert [len(call) for call in queue.calls] == [10, 1, 10, 3, 1, 1]
    assert queue.calls[1] == ["m3"] and queue.calls[4:] == [["m21"], ["m21"]]


def test_what_sqs_keeps_refusing_is_counted_and_the_other_batches_still_go():
    bodies = [f"m{number}" for number in range(15)]
    queue = RefusingQueue({"m0": 99, "m1": 99})

    refused = send_in_batches(queue, "https://sqs.example/q", bodies)

    assert refused == 2
    assert sorted(queue.received) == sorted(bodies[2:])
    assert len(queue.calls) == 3 + 1  # three tries of the first batch, then the second batch


def test_no_call_carries_more_than_sqs_takes_in_one_batch():
    """SQS refuses a SendMessageBatch whose bodies come to more than 256 KiB together, as it refuses
    one message that large: a hold's work messages, each up to about 250 KB, go one or two to a call."""
    bodies = [f"{number}".ljust(100_000, "x") for number in range(5)]
    queue = RefusingQueue({})

    refused = send_in_batches(queue, "https://sqs.example/q", bodies)

    assert refused == 0
    assert queue.received == bodies
    assert [len(call) for call in queue.calls] == [2, 2, 1]
    assert all(sum(len(body.encode()) for body in call) <= 262_144 for call in queue.calls)
