// checkStated: the check that a notebook's stated findings are still the records' answers.
import { strict as assert } from "assert";
import { checkStated } from "../../lib/experiments";

describe("experiments/stated", () => {
  const verdicts = [
    { question: "L∞ less smooth than L2", answer: "yes" },
    { question: "S1 grows with ε under L2", answer: "no" },
  ];
  const stated = { "L∞ less smooth than L2": "yes", "S1 grows with ε under L2": "no" };

  it("passes when every answer is the stated one and every stated question is answered", () => {
    assert.doesNotThrow(() => checkStated(verdicts, stated));
  });

  it("throws, naming the question and both answers, when the records answer otherwise", () => {
    assert.throws(
      () => checkStated(verdicts, { ...stated, "S1 grows with ε under L2": "yes" }),
      (e: unknown) => e instanceof Error && e.message.includes(`"S1 grows with ε under L2": stated "yes", the records say "no"`),
    );
  });

  it("throws on an answer the text does not state, and on a stated question the records do not answer", () => {
    assert.throws(() => checkStated([...verdicts, { question: "S3 below S1", answer: "no" }], stated), /"S3 below S1": stated nothing, the records say "no"/);
    assert.throws(() => checkStated(verdicts.slice(1), stated), /"L∞ less smooth than L2": stated, but the records do not answer it/);
    assert.throws(() => checkStated([], stated), /do not answer it/);
  });
});
