"""The adversarial suite (issue 13, DESIGN section 8): one test per path by which evidence could be lost
or reach the wrong person without going through the DPO API. Each goes around the API the way a real
principal or AWS's own machinery could, and asserts that nothing was lost, nothing reached the wrong
person, and what was refused is in the audit trail. Where moto cannot enforce a guarantee (a bucket or
table resource policy), the test asserts the statement in the synthesized template and the behaviour
of our own code, and its docstring says so."""
