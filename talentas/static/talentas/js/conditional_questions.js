// Conditional questions of a built form (forms/partials/answer_form.html): a question with
// data-show-when="key" data-show-operator="equals|contains" data-show-value="…" is shown only while the answer
// to the question named `key` meets the condition, and its "Answer only if …" hint goes away. The server
// applies the same rule, so this is only for the eye; without JavaScript every question shows with its hint.
(function () {
  function answerOf(form, prefix, key) {
    const name = prefix ? prefix + "-" + key : key;
    const inputs = Array.from(form.querySelectorAll("[name]")).filter((el) => el.name === name);
    if (!inputs.length) return null;
    const question = inputs[0].closest(".answer-question");
    if (question && question.hidden) return null; // a hidden question has no answer
    if (inputs[0].type === "radio" || inputs[0].type === "checkbox") {
      const checked = inputs.filter((el) => el.checked).map((el) => el.value);
      return inputs[0].type === "checkbox" ? checked : checked[0] || "";
    }
    if (inputs[0].tagName === "SELECT" && inputs[0].multiple) {
      return Array.from(inputs[0].selectedOptions).map((option) => option.value);
    }
    return inputs[0].value.trim();
  }

  function met(answer, operator, expected) {
    if (answer === null || answer === "" || (Array.isArray(answer) && !answer.length)) return false;
    if (Array.isArray(answer)) {
      return operator === "contains" ? answer.includes(expected) : answer.length === 1 && answer[0] === expected;
    }
    if (operator === "contains") return answer.toLowerCase().includes(expected.toLowerCase());
    const number = (text) => Number(text.replace(/\s/g, "").replace(",", "."));
    if (answer !== "" && !Number.isNaN(number(answer)) && !Number.isNaN(number(expected))) {
      return number(answer) === number(expected);
    }
    return answer.toLowerCase() === expected.toLowerCase();
  }

  function refresh(container) {
    const form = container.closest("form") || container;
    const prefix = container.dataset.prefix || "";
    // In the form's order, so a question that depends on a hidden one is hidden too.
    container.querySelectorAll("[data-show-when]").forEach((question) => {
      const answer = answerOf(form, prefix, question.dataset.showWhen);
      question.hidden = !met(answer, question.dataset.showOperator, question.dataset.showValue);
    });
  }

  document.querySelectorAll("[data-answer-form]").forEach((container) => {
    container.querySelectorAll("[data-condition-hint]").forEach((hint) => { hint.hidden = true; });
    refresh(container);
    container.addEventListener("input", () => refresh(container));
    container.addEventListener("change", () => refresh(container));
  });
})();
