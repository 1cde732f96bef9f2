export const id = 416;
export const ids = [416];
export const modules = {

/***/ 4035:
/***/ ((module) => {

module.exports = eval("require")("kerberos");


/***/ })

};
