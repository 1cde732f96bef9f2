export const id = 160;
export const ids = [160];
export const modules = {

/***/ 97160:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   actionsArtifactUploader: () => (/* binding */ actionsArtifactUploader)
/* harmony export */ });
/* harmony import */ var _actions_artifact__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9645);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(19473);


function actionsArtifactUploader() {
    return {
        async upload(name, files, rootDirectory) {
            try {
                const response = await new _actions_artifact__WEBPACK_IMPORTED_MODULE_0__/* .DefaultArtifactClient */ .t9().uploadArtifact(name, [...files], rootDirectory);
                if (response.id === undefined)
                    throw new Error('the artifact service returned no artifact id');
                return { id: response.id, size: response.size ?? 0 };
            }
            catch (err) {
                const message = (0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .rootCauseMessage */ .fG)(err);
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ActionError */ .lZ('ARTIFACT_FAILED', /already exists|conflict|409/i.test(message)
                    ? `an artifact named "${name}" already exists in this workflow run; set upload-signing-artifacts-name to a name unique to this step (e.g. include the matrix values).`
                    : `uploading the artifact "${name}" failed: ${message}`, { cause: err });
            }
        },
    };
}


/***/ })

};
