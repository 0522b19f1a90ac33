// The part of DJL 0.36.0's PyTorch JNI interface (ai.djl.pytorch.jni.PyTorchLibrary) that this project's engine
// calls, written here so that DJL can run on a machine's own libtorch, for which DJL publishes no JNI library (the
// GPU machines' Python torch 2.11 with CUDA 13). scripts/cuda-run.sh compiles it there against that torch, with the
// header `javac -h` writes for PyTorchLibrary (scripts/cuda-kit.sh). Which functions: README.md beside this file.
//
// Conventions of DJL's Java side: a tensor, IValue, index or module is a heap object whose address is the handle;
// data types are ai.djl.ndarray.types.DataType ordinals; a device is {torch DeviceType, index}; an optional tensor
// argument is handle 0; errors reach Java as ai.djl.engine.EngineException.
#include <jni.h>
// Not torch/torch.h: its C++ frontend (nn, optim, data) is not used here and only lengthens the compile.
#include <torch/cuda.h>
#include <torch/script.h>
#include <torch/utils.h>

#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

#include "ai_djl_pytorch_jni_PyTorchLibrary.h"

namespace {

using Index = std::vector<torch::indexing::TensorIndex>;

torch::Tensor& tensor(jlong handle) { return *reinterpret_cast<torch::Tensor*>(handle); }
std::optional<torch::Tensor> optionalTensor(jlong handle) {
  return handle == 0 ? std::nullopt : std::optional<torch::Tensor>(tensor(handle));
}
jlong own(torch::Tensor t) { return reinterpret_cast<jlong>(new torch::Tensor(std::move(t))); }
torch::IValue& ivalue(jlong handle) { return *reinterpret_cast<torch::IValue*>(handle); }
jlong own(torch::IValue v) { return reinterpret_cast<jlong>(new torch::IValue(std::move(v))); }
Index& index(jlong handle) { return *reinterpret_cast<Index*>(handle); }
torch::jit::Module& module(jlong handle) { return *reinterpret_cast<torch::jit::Module*>(handle); }

std::vector<int64_t> longs(JNIEnv* env, jlongArray array) {
  std::vector<int64_t> values(env->GetArrayLength(array));
  env->GetLongArrayRegion(array, 0, static_cast<jsize>(values.size()), reinterpret_cast<jlong*>(values.data()));
  return values;
}

jlongArray javaLongs(JNIEnv* env, const std::vector<int64_t>& values) {
  jlongArray array = env->NewLongArray(static_cast<jsize>(values.size()));
  env->SetLongArrayRegion(array, 0, static_cast<jsize>(values.size()), reinterpret_cast<const jlong*>(values.data()));
  return array;
}

std::vector<torch::Tensor> tensors(JNIEnv* env, jlongArray handles) {
  std::vector<torch::Tensor> result;
  for (int64_t h : longs(env, handles)) result.push_back(tensor(h));
  return result;
}

jlongArray ownAll(JNIEnv* env, const std::vector<torch::Tensor>& results) {
  std::vector<int64_t> handles;
  for (const auto& t : results) handles.push_back(own(t));
  return javaLongs(env, handles);
}

// DataType ordinals: FLOAT32, FLOAT64, FLOAT16, UINT8, INT32, INT8, INT64, BOOLEAN, COMPLEX64, UNKNOWN, STRING,
// BFLOAT16, UINT64, UINT32, UINT16, INT16.
constexpr jint kUnknown = 9;
const std::vector<std::pair<jint, torch::ScalarType>> kTypes = {
    {0, torch::kFloat32}, {1, torch::kFloat64}, {2, torch::kFloat16}, {3, torch::kUInt8},     {4, torch::kInt32},
    {5, torch::kInt8},    {6, torch::kInt64},   {7, torch::kBool},    {8, torch::kComplexFloat}, {11, torch::kBFloat16},
    {15, torch::kInt16}};

torch::ScalarType scalarType(jint ordinal) {
  for (const auto& [djl, type] : kTypes) {
    if (djl == ordinal) return type;
  }
  throw std::invalid_argument("DJL data type ordinal " + std::to_string(ordinal) + " has no PyTorch type here");
}

jint djlType(torch::ScalarType type) {
  for (const auto& [djl, t] : kTypes) {
    if (t == type) return djl;
  }
  return kUnknown;
}

torch::Device device(JNIEnv* env, jintArray jdevice) {
  jint d[2];
  env->GetIntArrayRegion(jdevice, 0, 2, d);
  auto type = static_cast<torch::DeviceType>(d[0]);
  return type == torch::kCPU ? torch::Device(torch::kCPU) : torch::Device(type, static_cast<c10::DeviceIndex>(d[1]));
}

// Factory options; requires_grad is set on the result instead (at:: factories reject it in TensorOptions).
torch::TensorOptions options(JNIEnv* env, jint dtype, jint layout, jintArray jdevice) {
  if (layout != 0) throw std::invalid_argument("only the strided (dense) layout is supported here");
  auto opts = torch::TensorOptions().device(device(env, jdevice));
  return dtype == kUnknown ? opts : opts.dtype(scalarType(dtype));
}

jlong created(torch::Tensor t, jboolean requiresGrad) {
  if (requiresGrad) t.requires_grad_(true);
  return own(std::move(t));
}

void throwEngineException(JNIEnv* env, const char* message) {
  jclass type = env->FindClass("ai/djl/engine/EngineException");
  if (type != nullptr) env->ThrowNew(type, message);
}

// Runs body, turning a C++ exception into a Java one (the value returned then is ignored by the JVM).
template <typename Body>
auto guarded(JNIEnv* env, Body body) -> decltype(body()) {
  try {
    return body();
  } catch (const c10::Error& e) {
    throwEngineException(env, e.what_without_backtrace());
  } catch (const std::exception& e) {
    throwEngineException(env, e.what());
  }
  if constexpr (!std::is_void_v<decltype(body())>) return {};
}

}  // namespace

#define FN(type, name, ...) \
  extern "C" JNIEXPORT type JNICALL Java_ai_djl_pytorch_jni_PyTorchLibrary_##name(JNIEnv* env, jobject, ##__VA_ARGS__)
#define GUARD(...) return guarded(env, [&] { __VA_ARGS__; })
#define UNARY(name, expr) \
  FN(jlong, name, jlong h) { GUARD(auto& t = tensor(h); return own(expr)); }
#define BINARY(name, expr) \
  FN(jlong, name, jlong ha, jlong hb) { GUARD(auto& a = tensor(ha); auto& b = tensor(hb); return own(expr)); }
#define IN_PLACE(name, expr) \
  FN(void, name, jlong ha, jlong hb) { GUARD(auto& a = tensor(ha); auto& b = tensor(hb); expr); }

// ---- system
FN(jboolean, torchIsGradMode) { GUARD(return static_cast<jboolean>(torch::GradMode::is_enabled())); }
FN(void, torchSetGradMode, jboolean on) { GUARD(torch::GradMode::set_enabled(on)); }
FN(jint, torchGetNumInteropThreads) { GUARD(return static_cast<jint>(at::get_num_interop_threads())); }
FN(jint, torchGetNumThreads) { GUARD(return static_cast<jint>(at::get_num_threads())); }
FN(void, torchSetNumInteropThreads, jint n) { GUARD(at::set_num_interop_threads(n)); }
FN(void, torchSetNumThreads, jint n) { GUARD(at::set_num_threads(n)); }
FN(void, torchSetBenchmarkCuDNN, jboolean on) { GUARD(at::globalContext().setBenchmarkCuDNN(on)); }
FN(void, torchManualSeed, jlong seed) { GUARD(torch::manual_seed(static_cast<uint64_t>(seed))); }
FN(void, torchShowConfig, jobject set) {
  GUARD({
    jmethodID add = env->GetMethodID(env->GetObjectClass(set), "add", "(Ljava/lang/Object;)Z");
    auto feature = [&](bool present, const char* name) {
      if (!present) return;
      jstring s = env->NewStringUTF(name);
      env->CallBooleanMethod(set, add, s);
      env->DeleteLocalRef(s);
    };
    feature(torch::cuda::is_available(), "CUDA");
    feature(torch::cuda::cudnn_is_available(), "CUDNN");
    feature(at::hasMKL(), "MKL");
    feature(at::hasMKLDNN(), "MKLDNN");
    feature(at::hasOpenMP(), "OPENMP");
  });
}

// ---- tensor properties and data
FN(jlongArray, torchSizes, jlong h) { GUARD(return javaLongs(env, tensor(h).sizes().vec())); }
FN(jint, torchDType, jlong h) { GUARD(return djlType(tensor(h).scalar_type())); }
FN(jintArray, torchDevice, jlong h) {
  GUARD({
    auto d = tensor(h).device();
    jint values[2] = {static_cast<jint>(d.type()), static_cast<jint>(d.index())};
    jintArray array = env->NewIntArray(2);
    env->SetIntArrayRegion(array, 0, 2, values);
    return array;
  });
}
FN(jint, torchLayout, jlong h) {
  GUARD(auto layout = tensor(h).layout(); return layout == torch::kStrided ? 0 : layout == torch::kSparse ? 1 : 2);
}
FN(jboolean, torchIsContiguous, jlong h) { GUARD(return static_cast<jboolean>(tensor(h).is_contiguous())); }
UNARY(torchToContiguous, t.contiguous())
FN(jlong, tensorClone, jlong h) { GUARD(torch::NoGradGuard no_grad; return own(tensor(h).clone())); }
FN(jbyteArray, torchDataPtr, jlong h) {
  GUARD({
    auto t = tensor(h).contiguous();
    auto bytes = static_cast<jsize>(t.nbytes());
    jbyteArray array = env->NewByteArray(bytes);
    env->SetByteArrayRegion(array, 0, bytes, static_cast<const jbyte*>(t.data_ptr()));
    return array;
  });
}
// A view of a contiguous CPU tensor's memory, valid while the tensor lives (DJL's Java side keeps it).
FN(jobject, torchDirectByteBuffer, jlong h) {
  GUARD(auto& t = tensor(h); return env->NewDirectByteBuffer(t.data_ptr(), static_cast<jlong>(t.nbytes())));
}
// DJL's contract: a CPU tensor takes the Java buffer as its storage (DJL keeps a reference to it), a tensor on
// another device a copy of it.
FN(void, torchSet, jlong h, jobject buffer) {
  GUARD({
    auto& t = tensor(h);
    torch::NoGradGuard no_grad;
    auto source = torch::from_blob(env->GetDirectBufferAddress(buffer), t.sizes(), t.options().device(torch::kCPU));
    if (t.is_cpu()) {
      t.set_(source);
    } else {
      t.set_(source.to(t.device()));
    }
  });
}
// A copy of the Java buffer, on the device asked for: the tensor owns its memory.
FN(jlong, torchFromBlob, jobject buffer, jlongArray shape, jint dtype, jint layout, jintArray jdevice,
   jboolean requiresGrad) {
  GUARD({
    auto target = options(env, dtype, layout, jdevice);
    auto t = torch::from_blob(env->GetDirectBufferAddress(buffer), longs(env, shape), target.device(torch::kCPU));
    return created(t.to(target.device(), /*non_blocking=*/false, /*copy=*/true), requiresGrad);
  });
}
// Device and type moves and clones are not recorded by autograd (DJL's convention).
FN(jlong, torchTo, jlong h, jint dtype, jintArray jdevice) {
  GUARD({
    torch::NoGradGuard no_grad;
    auto& t = tensor(h);
    return own(t.to(device(env, jdevice), dtype == kUnknown ? t.scalar_type() : scalarType(dtype)));
  });
}

// ---- creation
FN(jlong, torchZeros, jlongArray shape, jint dtype, jint layout, jintArray jdevice, jboolean rg) {
  GUARD(return created(torch::zeros(longs(env, shape), options(env, dtype, layout, jdevice)), rg));
}
FN(jlong, torchOnes, jlongArray shape, jint dtype, jint layout, jintArray jdevice, jboolean rg) {
  GUARD(return created(torch::ones(longs(env, shape), options(env, dtype, layout, jdevice)), rg));
}
FN(jlong, torchFull, jlongArray shape, jdouble value, jint dtype, jint layout, jintArray jdevice, jboolean rg) {
  GUARD(return created(torch::full(longs(env, shape), value, options(env, dtype, layout, jdevice)), rg));
}
FN(jlong, torchArange, jfloat start, jfloat stop, jfloat step, jint dtype, jint layout, jintArray jdevice,
   jboolean rg) {
  GUARD(return created(torch::arange(start, stop, step, options(env, dtype, layout, jdevice)), rg));
}
FN(jlong, torchEye, jint n, jint m, jint dtype, jint layout, jintArray jdevice, jboolean rg) {
  GUARD(return created(torch::eye(n, m, options(env, dtype, layout, jdevice)), rg));
}
FN(jlong, torchNormal, jdouble mean, jdouble std, jlongArray shape, jint dtype, jint layout, jintArray jdevice,
   jboolean rg) {
  GUARD(return created(torch::empty(longs(env, shape), options(env, dtype, layout, jdevice)).normal_(mean, std), rg));
}
FN(jlong, tensorUniform, jdouble low, jdouble high, jlongArray shape, jint dtype, jint layout, jintArray jdevice,
   jboolean rg) {
  GUARD(return created(torch::empty(longs(env, shape), options(env, dtype, layout, jdevice)).uniform_(low, high), rg));
}
FN(jlong, torchRandint, jlong low, jlong high, jlongArray shape, jint dtype, jint layout, jintArray jdevice,
   jboolean rg) {
  GUARD(return created(torch::randint(low, high, longs(env, shape), options(env, dtype, layout, jdevice)), rg));
}
FN(jlong, torchRandPerm, jlong n, jint dtype, jint layout, jintArray jdevice, jboolean rg) {
  GUARD(return created(torch::randperm(n, options(env, dtype, layout, jdevice)), rg));
}

// ---- arithmetic and comparison
BINARY(torchAdd, a + b)
BINARY(torchSub, a - b)
BINARY(torchMul, a * b)
BINARY(torchTrueDivide, torch::true_divide(a, b))
BINARY(torchPow, a.pow(b))
BINARY(torchMatmul, a.matmul(b))
BINARY(torchMaximum, torch::maximum(a, b))
BINARY(torchMinimum, torch::minimum(a, b))
BINARY(torchEq, a.eq(b))
BINARY(torchNeq, a.ne(b))
BINARY(torchGt, a.gt(b))
BINARY(torchGte, a.ge(b))
BINARY(torchLt, a.lt(b))
BINARY(torchLte, a.le(b))
IN_PLACE(torchAddi, a.add_(b))
IN_PLACE(torchSubi, a.sub_(b))
IN_PLACE(torchMuli, a.mul_(b))
IN_PLACE(torchTrueDividei, a.true_divide_(b))
FN(void, torchNegi, jlong h) { GUARD(tensor(h).neg_()); }
FN(jlong, torchWhere, jlong condition, jlong a, jlong b) {
  GUARD(return own(torch::where(tensor(condition), tensor(a), tensor(b))));
}
FN(jlong, torchClamp, jlong h, jlong min, jlong max) {
  GUARD(return own(torch::clamp(tensor(h), optionalTensor(min), optionalTensor(max))));
}
UNARY(torchNeg, t.neg())
UNARY(torchAbs, t.abs())
UNARY(torchSign, t.sign())
UNARY(torchSquare, t.square())
UNARY(torchSqrt, t.sqrt())
UNARY(torchExp, t.exp())
UNARY(torchLog, t.log())
UNARY(torchSin, t.sin())
UNARY(torchCos, t.cos())
UNARY(torchTanh, t.tanh())
UNARY(torchSigmoid, t.sigmoid())
UNARY(torchErf, t.erf())
UNARY(torchFloor, t.floor())
UNARY(torchRound, t.round())
UNARY(torchLogicalNot, t.logical_not())
UNARY(torchIsNaN, t.isnan())
UNARY(torchIsInf, t.isinf())

// ---- reductions and sorting (DJL's max, min and sort along a dimension return the values only)
UNARY(torchSum__J, t.sum())
FN(jlong, torchSum__J_3JZ, jlong h, jlongArray dims, jboolean keep) {
  GUARD(return own(tensor(h).sum(longs(env, dims), keep)));
}
UNARY(torchMean__J, t.mean())
FN(jlong, torchMean__JJZ, jlong h, jlong dim, jboolean keep) { GUARD(return own(tensor(h).mean(dim, keep))); }
UNARY(torchMax__J, t.max())
FN(jlong, torchMax__JJZ, jlong h, jlong dim, jboolean keep) {
  GUARD(return own(std::get<0>(tensor(h).max(dim, keep))));
}
UNARY(torchMin__J, t.min())
FN(jlong, torchMin__JJZ, jlong h, jlong dim, jboolean keep) {
  GUARD(return own(std::get<0>(tensor(h).min(dim, keep))));
}
UNARY(torchArgMax__J, t.argmax())
FN(jlong, torchArgMax__JJZ, jlong h, jlong dim, jboolean keep) { GUARD(return own(tensor(h).argmax(dim, keep))); }
UNARY(torchAll, t.all())
UNARY(torchAny, t.any())
FN(jlong, torchCumSum, jlong h, jlong dim) { GUARD(return own(tensor(h).cumsum(dim))); }
FN(jlong, torchArgSort, jlong h, jlong dim, jboolean descending) {
  GUARD(return own(tensor(h).argsort(dim, descending)));
}
FN(jlong, torchSort, jlong h, jlong dim, jboolean descending) {
  GUARD(return own(std::get<0>(tensor(h).sort(dim, descending))));
}
FN(jlongArray, torchTopK, jlong h, jlong k, jlong dim, jboolean largest, jboolean sorted) {
  GUARD({
    auto [values, indices] = tensor(h).topk(k, dim, largest, sorted);
    return ownAll(env, {values, indices});
  });
}

// ---- shape
FN(jlong, torchReshape, jlong h, jlongArray shape) { GUARD(return own(tensor(h).reshape(longs(env, shape)))); }
FN(jlong, torchExpand, jlong h, jlongArray shape) { GUARD(return own(tensor(h).expand(longs(env, shape)))); }
FN(jlong, torchPermute, jlong h, jlongArray dims) { GUARD(return own(tensor(h).permute(longs(env, dims)))); }
FN(jlong, torchFlip, jlong h, jlongArray dims) { GUARD(return own(tensor(h).flip(longs(env, dims)))); }
FN(jlong, torchRepeat, jlong h, jlongArray times) { GUARD(return own(tensor(h).repeat(longs(env, times)))); }
FN(jlong, torchTranspose, jlong h, jlong a, jlong b) { GUARD(return own(tensor(h).transpose(a, b))); }
FN(jlong, torchUnsqueeze, jlong h, jlong dim) { GUARD(return own(tensor(h).unsqueeze(dim))); }
UNARY(torchSqueeze__J, t.squeeze())
FN(jlong, torchSqueeze__JJ, jlong h, jlong dim) { GUARD(return own(tensor(h).squeeze(dim))); }
FN(jlong, torchStack, jlongArray hs, jlong dim) { GUARD(return own(torch::stack(tensors(env, hs), dim))); }
FN(jlong, torchCat, jlongArray hs, jlong dim) { GUARD(return own(torch::cat(tensors(env, hs), dim))); }
FN(jlongArray, torchSplit__JJJ, jlong h, jlong size, jlong dim) {
  GUARD(return ownAll(env, tensor(h).split(size, dim)));
}
// DJL splits at the given indices ([2, 3]: [:2], [2:3], [3:]), as tensor_split does.
FN(jlongArray, torchSplit__J_3JJ, jlong h, jlongArray indices, jlong dim) {
  GUARD(return ownAll(env, tensor(h).tensor_split(longs(env, indices), dim)));
}
FN(jlong, torchSlice, jlong h, jlong dim, jlong start, jlong end, jlong step) {
  GUARD(return own(tensor(h).slice(dim, start, end, step)));
}
FN(jlong, torchGetItem__JJ, jlong h, jlong i) { GUARD(return own(tensor(h).select(0, i))); }
FN(jlong, torchGetItem__J_3J, jlong h, jlongArray is) {
  GUARD({
    Index at;
    for (int64_t i : longs(env, is)) at.emplace_back(i);
    return own(tensor(h).index(at));
  });
}
FN(jlong, torchGather, jlong h, jlong indexHandle, jlong dim, jboolean sparse) {
  GUARD(return own(torch::gather(tensor(h), dim, tensor(indexHandle), sparse)));
}
FN(jlong, torchTake, jlong h, jlong indexHandle) { GUARD(return own(torch::take(tensor(h), tensor(indexHandle)))); }

// ---- indexing (DJL builds an index element by element, then applies it)
FN(jlong, torchIndexInit, jint size) {
  GUARD({
    auto* at = new Index();
    at->reserve(size);
    return reinterpret_cast<jlong>(at);
  });
}
FN(void, torchIndexAppendNoneEllipsis, jlong h, jboolean ellipsis) {
  GUARD(index(h).emplace_back(ellipsis ? torch::indexing::TensorIndex(torch::indexing::Ellipsis)
                                       : torch::indexing::TensorIndex(torch::indexing::None)));
}
// nullEnds: 2 when the start is absent, 1 when the end is, 3 for both.
FN(void, torchIndexAppendSlice, jlong h, jlong start, jlong end, jlong step, jint nullEnds) {
  GUARD({
    using torch::indexing::None;
    using torch::indexing::Slice;
    std::optional<c10::SymInt> from = (nullEnds & 2) ? std::nullopt : std::optional<c10::SymInt>(start);
    std::optional<c10::SymInt> to = (nullEnds & 1) ? std::nullopt : std::optional<c10::SymInt>(end);
    index(h).emplace_back(Slice(from, to, step));
  });
}
FN(void, torchIndexAppendFixed, jlong h, jlong i) { GUARD(index(h).emplace_back(i)); }
FN(void, torchIndexAppendArray, jlong h, jlong arrayHandle) { GUARD(index(h).emplace_back(tensor(arrayHandle))); }
FN(jlong, torchIndexAdvGet, jlong h, jlong indexHandle) { GUARD(return own(tensor(h).index(index(indexHandle)))); }

// ---- neural network functions
FN(jlong, torchSoftmax, jlong h, jlong dim, jint dtype) {
  GUARD(return own(torch::softmax(tensor(h), dim, scalarType(dtype))));
}
FN(jlong, torchLogSoftmax, jlong h, jlong dim, jint dtype) {
  GUARD(return own(torch::log_softmax(tensor(h), dim, scalarType(dtype))));
}
UNARY(torchNNRelu, torch::relu(t))
UNARY(torchNNSoftPlus, torch::softplus(t))
UNARY(torchNNGelu, torch::gelu(t))
FN(jlong, torchNNLeakyRelu, jlong h, jdouble slope) { GUARD(return own(torch::leaky_relu(tensor(h), slope))); }
FN(jlong, torchNNOneHot, jlong h, jint depth) { GUARD(return own(torch::one_hot(tensor(h), depth))); }
FN(jlong, torchNNDropout, jlong h, jdouble p, jboolean training) {
  GUARD(return own(torch::dropout(tensor(h), p, training)));
}
FN(jlong, torchNNLinear, jlong input, jlong weight, jlong bias) {
  GUARD(return own(torch::linear(tensor(input), tensor(weight), optionalTensor(bias))));
}
FN(jlong, torchNNConvNd, jlong input, jlong weight, jlong bias, jlongArray stride, jlongArray padding,
   jlongArray dilation, jint groups) {
  GUARD({
    auto& w = tensor(weight);
    auto s = longs(env, stride), p = longs(env, padding), d = longs(env, dilation);
    auto b = optionalTensor(bias);
    switch (w.dim()) {
      case 3: return own(torch::conv1d(tensor(input), w, b, s, p, d, groups));
      case 4: return own(torch::conv2d(tensor(input), w, b, s, p, d, groups));
      case 5: return own(torch::conv3d(tensor(input), w, b, s, p, d, groups));
      default: throw std::invalid_argument("convolution weights must have 3 to 5 dimensions");
    }
  });
}
FN(jlong, torchNNMaxPool, jlong input, jlongArray kernel, jlongArray stride, jlongArray padding, jboolean ceil) {
  GUARD({
    auto k = longs(env, kernel), s = longs(env, stride), p = longs(env, padding);
    std::vector<int64_t> dilation(k.size(), 1);
    switch (k.size()) {
      case 1: return own(torch::max_pool1d(tensor(input), k, s, p, dilation, ceil));
      case 2: return own(torch::max_pool2d(tensor(input), k, s, p, dilation, ceil));
      case 3: return own(torch::max_pool3d(tensor(input), k, s, p, dilation, ceil));
      default: throw std::invalid_argument("max pooling takes 1 to 3 kernel dimensions");
    }
  });
}
FN(jlong, torchNNBatchNorm, jlong input, jlong runningMean, jlong runningVar, jlong weight, jlong bias,
   jboolean training, jdouble momentum, jdouble eps) {
  GUARD(return own(torch::batch_norm(tensor(input), optionalTensor(weight), optionalTensor(bias),
                                     optionalTensor(runningMean), optionalTensor(runningVar), training, momentum, eps,
                                     true)));
}

// ---- autograd
FN(jboolean, torchRequiresGrad, jlong h) { GUARD(return static_cast<jboolean>(tensor(h).requires_grad())); }
FN(void, torchAttachGrad, jlong h, jboolean on) { GUARD(tensor(h).requires_grad_(on)); }
FN(jlong, torchGrad, jlong h) {
  GUARD(const auto& g = tensor(h).grad(); return g.defined() ? own(g) : jlong{0});
}
UNARY(torchDetachGrad, t.detach())
FN(void, torchBackward, jlong h, jlong gradHandle, jboolean keepGraph, jboolean createGraph) {
  GUARD(tensor(h).backward(tensor(gradHandle), keepGraph, createGraph));
}
// As PyTorch's optimizers zero a gradient: cut it from any graph, then fill it with zeros.
FN(void, zeroGrad, jlong h) {
  GUARD({
    auto& g = tensor(h).mutable_grad();
    if (g.defined()) {
      g.detach_();
      g.zero_();
    }
  });
}

// ---- TorchScript modules and IValues
FN(jlong, moduleLoad__Ljava_io_InputStream_2_3IZ_3BJ, jobject stream, jintArray jdevice, jboolean mapLocation,
   jbyteArray buffer, jlong size) {
  GUARD({
    jmethodID read = env->GetMethodID(env->GetObjectClass(stream), "read", "([BII)I");
    jsize capacity = env->GetArrayLength(buffer);
    std::string bytes;
    std::vector<jbyte> chunk(capacity);
    while (size < 0 || static_cast<jlong>(bytes.size()) < size) {
      jint want = size < 0 ? capacity : static_cast<jint>(std::min<jlong>(capacity, size - bytes.size()));
      jint got = env->CallIntMethod(stream, read, buffer, 0, want);
      if (env->ExceptionCheck()) return jlong{0};  // the stream's IOException goes to Java as it is
      if (got < 0) break;
      env->GetByteArrayRegion(buffer, 0, got, chunk.data());
      bytes.append(reinterpret_cast<const char*>(chunk.data()), got);
    }
    std::istringstream in(bytes);
    auto loaded = mapLocation ? torch::jit::load(in, device(env, jdevice)) : torch::jit::load(in);
    loaded.eval();
    return reinterpret_cast<jlong>(new torch::jit::Module(std::move(loaded)));
  });
}
FN(void, moduleEval, jlong h) { GUARD(module(h).eval()); }
FN(void, moduleTrain, jlong h) { GUARD(module(h).train()); }
// Runs in the caller's grad mode and on the current CUDA stream; isTrain and separateCudaStream are not used here.
FN(jlong, moduleRunMethod, jlong h, jstring jname, jlongArray ivalueHandles, jboolean, jboolean) {
  GUARD({
    const char* chars = env->GetStringUTFChars(jname, nullptr);
    std::string name(chars);
    env->ReleaseStringUTFChars(jname, chars);
    std::vector<torch::IValue> inputs;
    for (int64_t i : longs(env, ivalueHandles)) inputs.push_back(ivalue(i));
    return own(module(h).get_method(name)(std::move(inputs)));
  });
}
FN(jlong, iValueFromTensor, jlong h) { GUARD(return own(torch::IValue(tensor(h)))); }
FN(jlong, iValueFromBool, jboolean b) { GUARD(return own(torch::IValue(static_cast<bool>(b)))); }
FN(jlong, iValueFromTensorList, jlongArray hs) { GUARD(return own(torch::IValue(tensors(env, hs)))); }
FN(jlong, iValueToTensor, jlong h) { GUARD(return own(ivalue(h).toTensor())); }
FN(jlongArray, iValueToTensorList, jlong h) { GUARD(return ownAll(env, ivalue(h).toTensorVector())); }
FN(jboolean, iValueIsTensor, jlong h) { GUARD(return static_cast<jboolean>(ivalue(h).isTensor())); }
FN(jboolean, iValueIsTensorList, jlong h) { GUARD(return static_cast<jboolean>(ivalue(h).isTensorList())); }

// ---- freeing what Java's handles own
FN(void, torchDeleteTensor, jlong h) { GUARD(delete &tensor(h)); }
FN(void, torchDeleteIndex, jlong h) { GUARD(delete &index(h)); }
FN(void, torchDeleteIValue, jlong h) { GUARD(delete &ivalue(h)); }
FN(void, torchDeleteModule, jlong h) { GUARD(delete &module(h)); }
