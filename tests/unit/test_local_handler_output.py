"""The local stack writes its in-process handlers' output to the handler log. While one thread runs a
handler, what another thread prints (`make serve`'s status lines, a `dpo` command run in process) is
that thread's own output and must still reach its stdout, not the handler log."""

import threading
from types import SimpleNamespace

from infra.local.stack import RunningStack


def test_another_threads_output_goes_to_its_stdout_while_a_handler_writes_to_the_handler_log(
    tmp_path, capsys
):
    handler_log = tmp_path / "handlers.log"
    stack = SimpleNamespace(handler_log=handler_log)  # all the handler output needs of the stack
    running, printed = threading.Event(), threading.Event()

    def run_a_handler() -> None:
        with RunningStack._handler_output(stack):
            print("handler line")
            running.set()
            printed.wait(timeout=10)
            print("handler line after")

    worker = threading.Thread(target=run_a_handler)
    worker.start()
    try:
        assert running.wait(timeout=10)
        print("status line")  # sys.stdout is swapped process-wide while the handler runs
    finally:
        printed.set()
        worker.join(timeout=10)

    assert handler_log.read_text().splitlines() == ["handler line", "handler line after"]
    assert capsys.readouterr().out == "status line\n"
    print("after")  # and stdout is the test's own again once the handler is done
    assert capsys.readouterr().out == "after\n"
