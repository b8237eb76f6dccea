'use strict';
// A receipt in each format Concur accepts, from its text lines (the first line is the title).

const { renderReceipt } = require('./bitmap');
const { encodePng } = require('./png');
const { encodeJpeg } = require('./jpeg');
const { receiptPdf } = require('./pdf');

const receiptPng = (lines) => encodePng(renderReceipt(lines));
const receiptJpeg = (lines) => encodeJpeg(renderReceipt(lines));

module.exports = { receiptPdf, receiptPng, receiptJpeg };
