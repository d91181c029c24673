// A call whose promise the cell does not await runs on after the cell has finished: the cell shows OK,
// the call's output lands in later cells, and its failure is lost or fails a later cell. The type
// checker knows which calls return promises, so before a cell runs the kernel warns on stderr about each
// statement that is such a call and nothing else (`train(model);`). A promise kept in a variable, or
// handled with then/catch/finally, is left alone; `void call()` says "let it run" and is not warned about.
module.exports = function warnFloatingPromises(cells) {
  return (checker, _previousCells, ts) => () => (file) => {
    const isThenable = (type, node) => (type.isUnion() ? type.types : [type]).some((member) => {
      const then = member.getProperty("then");
      return !!then && checker.getTypeOfSymbolAtLocation(then, node).getCallSignatures().length > 0;
    });
    const isHandled = (call) => ts.isPropertyAccessExpression(call.expression) && ["then", "catch", "finally"].includes(call.expression.name.text);
    const visit = (node) => {
      if (ts.isExpressionStatement(node)) {
        let call = node.expression;
        while (ts.isParenthesizedExpression(call)) call = call.expression;
        if (ts.isCallExpression(call) && !isHandled(call) && isThenable(checker.getTypeAtLocation(call), call)) {
          const line = cells.lineOfCellFile(file.getLineAndCharacterOfPosition(call.getStart(file)).line);
          const text = `${call.expression.getText(file)}(${call.arguments.length ? "…" : ""})`;
          process.stderr.write(`Warning: cell ${cells.current}, line ${line}: ${text} starts a promise that is not awaited: add \`await\`\n`);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
    return file;
  };
};
