// The web UI's public surface: the request handler the service mounts, and the HTML report renderer's parts.
export { handleWebRequest } from './handler.js';
export { bundleBrowserModules } from './bundle.js';
