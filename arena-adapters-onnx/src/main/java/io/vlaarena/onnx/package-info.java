/**
 * In-process VLAs from an exported model directory: {@link io.vlaarena.onnx.OnnxVla} on ONNX
 * Runtime directly and {@link io.vlaarena.onnx.DjlVla} through DJL, on the CPU or a CUDA GPU, with
 * the Octo profile. The directory contract is in {@code docs/onnx-models.md}.
 */
package io.vlaarena.onnx;
