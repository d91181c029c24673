// tslab 1.0.22 keeps earlier cells' variables on a shared `exports` object and rewrites every name that
// refers to one into `exports.name`. It finds those names with getSymbolAtLocation, which for an object
// shorthand `{ seed }` returns the new object's property, not the variable: the name stays bare and the
// cell throws "seed is not defined". This transformer, which runs before tslab's rewrite, spells such a
// shorthand out as `{ seed: exports.seed }` (also in destructuring assignments, `({ seed } = o)`).
module.exports = function expandShorthands(checker, previousCells, ts) {
  const fromEarlierCell = (node) => {
    const symbol = checker.getShorthandAssignmentValueSymbol(node);
    return !!symbol && (symbol.declarations || []).some((declaration) => declaration.getSourceFile() === previousCells);
  };
  return (context) => (file) => {
    const { factory } = ts;
    const visit = (node) => {
      if (!ts.isShorthandPropertyAssignment(node) || !fromEarlierCell(node)) return ts.visitEachChild(node, visit, context);
      const value = factory.createPropertyAccessExpression(factory.createIdentifier("exports"), node.name.text);
      const initializer = node.objectAssignmentInitializer
        ? factory.createAssignment(value, ts.visitNode(node.objectAssignmentInitializer, visit))
        : value;
      return ts.setTextRange(factory.createPropertyAssignment(node.name.text, initializer), node);
    };
    return ts.visitNode(file, visit);
  };
};
