// Browser entry of the update form. VS Code Elements registers its custom elements on import;
// the form itself is built in this folder.
import '@vscode-elements/elements/dist/vscode-button/index.js';
