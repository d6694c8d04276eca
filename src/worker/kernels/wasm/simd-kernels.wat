;; SIMD kernels that work in place on the tfjs wasm backend's heap (its memory is
;; imported). Pointers are byte offsets of the tensors' data; counts are elements.
;; scripts/heap-kernels-wasm.mjs compiles this twice: as written for the threaded
;; backend's shared memory, and with the import below made unshared for the other.
(module
  (import "env" "memory" (memory 1 65536 shared))

  ;; MaxPoolGrad for 2x2 windows that tile the input, 4 channels at a time: each dy goes
  ;; to the first largest of its window, row by row (strict comparisons, as the CPU
  ;; backend picks it), and the window's other three inputs get 0. `channels` is a
  ;; multiple of 4.
  (func (export "maxPoolGrad2x2")
    (param $x i32) (param $dy i32) (param $dx i32)
    (param $batch i32) (param $inH i32) (param $inW i32) (param $channels i32)
    (param $outH i32) (param $outW i32)
    (local $cb i32) (local $row i32) (local $b i32) (local $oy i32) (local $ox i32)
    (local $p i32) (local $end i32) (local $q i32)
    (local $a v128) (local $v v128) (local $m v128) (local $g v128)
    (local $s01 v128) (local $s10 v128) (local $s11 v128) (local $later v128)
    (local.set $cb (i32.shl (local.get $channels) (i32.const 2)))
    (local.set $row (i32.mul (local.get $inW) (local.get $cb)))
    ;; Rows or columns past the last window (odd sizes) get no gradient.
    (if (i32.or
          (i32.ne (local.get $inH) (i32.shl (local.get $outH) (i32.const 1)))
          (i32.ne (local.get $inW) (i32.shl (local.get $outW) (i32.const 1))))
      (then
        (memory.fill (local.get $dx) (i32.const 0)
          (i32.mul (i32.mul (local.get $batch) (local.get $inH)) (local.get $row)))))
    (block $batches
      (loop $images
        (br_if $batches (i32.ge_u (local.get $b) (local.get $batch)))
        (local.set $oy (i32.const 0))
        (block $rows
          (loop $windowRows
            (br_if $rows (i32.ge_u (local.get $oy) (local.get $outH)))
            ;; Byte offset of the window row's top-left input.
            (local.set $p (i32.mul
              (i32.add (i32.mul (local.get $b) (local.get $inH)) (i32.shl (local.get $oy) (i32.const 1)))
              (local.get $row)))
            (local.set $ox (i32.const 0))
            (block $cols
              (loop $windows
                (br_if $cols (i32.ge_u (local.get $ox) (local.get $outW)))
                (local.set $q (local.get $p))
                (local.set $end (i32.add (local.get $p) (local.get $cb)))
                (block $done
                  (loop $channels4
                    (br_if $done (i32.ge_u (local.get $q) (local.get $end)))
                    (local.set $a (v128.load (i32.add (local.get $x) (local.get $q))))
                    (local.set $v (v128.load (i32.add (local.get $x) (i32.add (local.get $q) (local.get $cb)))))
                    (local.set $s01 (f32x4.gt (local.get $v) (local.get $a)))
                    (local.set $m (v128.bitselect (local.get $v) (local.get $a) (local.get $s01)))
                    (local.set $v (v128.load (i32.add (local.get $x) (i32.add (local.get $q) (local.get $row)))))
                    (local.set $s10 (f32x4.gt (local.get $v) (local.get $m)))
                    (local.set $m (v128.bitselect (local.get $v) (local.get $m) (local.get $s10)))
                    (local.set $v (v128.load (i32.add (local.get $x)
                      (i32.add (local.get $q) (i32.add (local.get $row) (local.get $cb))))))
                    (local.set $s11 (f32x4.gt (local.get $v) (local.get $m)))
                    (local.set $g (v128.load (local.get $dy)))
                    (local.set $dy (i32.add (local.get $dy) (i32.const 16)))
                    ;; A lane's winner is the last input that beat the running max.
                    (local.set $later (v128.or (local.get $s10) (local.get $s11)))
                    (v128.store (i32.add (local.get $dx) (local.get $q))
                      (v128.andnot (local.get $g) (v128.or (local.get $s01) (local.get $later))))
                    (v128.store (i32.add (local.get $dx) (i32.add (local.get $q) (local.get $cb)))
                      (v128.and (local.get $g) (v128.andnot (local.get $s01) (local.get $later))))
                    (v128.store (i32.add (local.get $dx) (i32.add (local.get $q) (local.get $row)))
                      (v128.and (local.get $g) (v128.andnot (local.get $s10) (local.get $s11))))
                    (v128.store (i32.add (local.get $dx)
                      (i32.add (local.get $q) (i32.add (local.get $row) (local.get $cb))))
                      (v128.and (local.get $g) (local.get $s11)))
                    (local.set $q (i32.add (local.get $q) (i32.const 16)))
                    (br $channels4)))
                (local.set $p (i32.add (local.get $p) (i32.shl (local.get $cb) (i32.const 1))))
                (local.set $ox (i32.add (local.get $ox) (i32.const 1)))
                (br $windows)))
            (local.set $oy (i32.add (local.get $oy) (i32.const 1)))
            (br $windowRows)))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (br $images))))

  ;; Per-column sums of a [rows, kept] matrix, accumulated in float64 (as the JavaScript
  ;; kernel does) in `scratch` (8 * kept bytes), then scaled and rounded to float32 into
  ;; dst. `kept` is a multiple of 4.
  (func (export "sumLeading")
    (param $src i32) (param $dst i32) (param $scratch i32)
    (param $rows i32) (param $kept i32) (param $scale f64)
    (local $r i32) (local $s i32) (local $end i32) (local $v v128)
    (local.set $end (i32.add (local.get $scratch) (i32.shl (local.get $kept) (i32.const 3))))
    (memory.fill (local.get $scratch) (i32.const 0) (i32.shl (local.get $kept) (i32.const 3)))
    (block $done
      (loop $rowLoop
        (br_if $done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $s (local.get $scratch))
        (block $rowDone
          (loop $columns
            (br_if $rowDone (i32.ge_u (local.get $s) (local.get $end)))
            (local.set $v (v128.load (local.get $src)))
            (v128.store (local.get $s)
              (f64x2.add (v128.load (local.get $s)) (f64x2.promote_low_f32x4 (local.get $v))))
            (v128.store offset=16 (local.get $s)
              (f64x2.add (v128.load offset=16 (local.get $s))
                (f64x2.promote_low_f32x4
                  (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $v) (local.get $v)))))
            (local.set $src (i32.add (local.get $src) (i32.const 16)))
            (local.set $s (i32.add (local.get $s) (i32.const 32)))
            (br $columns)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rowLoop)))
    (local.set $s (local.get $scratch))
    (block $written
      (loop $write
        (br_if $written (i32.ge_u (local.get $s) (local.get $end)))
        (f32.store (local.get $dst) (f32.demote_f64 (f64.mul (f64.load (local.get $s)) (local.get $scale))))
        (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
        (local.set $s (i32.add (local.get $s) (i32.const 8)))
        (br $write))))

  ;; The filter gradient of a 3x3 'valid', stride-1 convolution of a 1-channel input:
  ;; dw[a,b,0,o] = sum over n,y,x of x[n,y+a,x+b,0] * dy[n,y,x,o], in float32. For each
  ;; image and 4 output channels the nine sums stay in registers while the image's dy
  ;; (small enough for the cache) is read once. `outChannels` is a multiple of 4.
  (func (export "conv2dFilter3x3")
    (param $x i32) (param $dy i32) (param $dw i32)
    (param $batch i32) (param $inH i32) (param $inW i32) (param $outChannels i32)
    (local $ob i32) (local $wb i32) (local $outH i32) (local $outW i32)
    (local $n i32) (local $oc i32) (local $y i32) (local $xx i32)
    (local $image i32) (local $dyImage i32) (local $xp i32) (local $dp i32) (local $xEnd i32)
    (local $d v128)
    (local $k0 v128) (local $k1 v128) (local $k2 v128) (local $k3 v128) (local $k4 v128)
    (local $k5 v128) (local $k6 v128) (local $k7 v128) (local $k8 v128)
    (local.set $ob (i32.shl (local.get $outChannels) (i32.const 2)))
    (local.set $wb (i32.shl (local.get $inW) (i32.const 2)))
    (local.set $outH (i32.sub (local.get $inH) (i32.const 2)))
    (local.set $outW (i32.sub (local.get $inW) (i32.const 2)))
    (memory.fill (local.get $dw) (i32.const 0) (i32.mul (local.get $ob) (i32.const 9)))
    (block $allDone
      (loop $images
        (br_if $allDone (i32.ge_u (local.get $n) (local.get $batch)))
        (local.set $image (i32.add (local.get $x)
          (i32.mul (i32.mul (local.get $n) (local.get $inH)) (local.get $wb))))
        (local.set $dyImage (i32.add (local.get $dy)
          (i32.mul (i32.mul (i32.mul (local.get $n) (local.get $outH)) (local.get $outW)) (local.get $ob))))
        (local.set $oc (i32.const 0))
        (block $channelsDone
          (loop $channels4
            (br_if $channelsDone (i32.ge_u (local.get $oc) (local.get $ob)))
            (local.set $k0 (v128.load (i32.add (local.get $dw) (local.get $oc))))
            (local.set $k1 (v128.load (i32.add (local.get $dw) (i32.add (local.get $oc) (local.get $ob)))))
            (local.set $k2 (v128.load (i32.add (local.get $dw) (i32.add (local.get $oc) (i32.mul (local.get $ob) (i32.const 2))))))
            (local.set $k3 (v128.load (i32.add (local.get $dw) (i32.add (local.get $oc) (i32.mul (local.get $ob) (i32.const 3))))))
            (local.set $k4 (v128.load (i32.add (local.get $dw) (i32.add (local.get $oc) (i32.mul (local.get $ob) (i32.const 4))))))
            (local.set $k5 (v128.load (i32.add (local.get $dw) (i32.add (local.get $oc) (i32.mul (local.get $ob) (i32.const 5))))))
            (local.set $k6 (v128.load (i32.add (local.get $dw) (i32.add (local.get $oc) (i32.mul (local.get $ob) (i32.const 6))))))
            (local.set $k7 (v128.load (i32.add (local.get $dw) (i32.add (local.get $oc) (i32.mul (local.get $ob) (i32.const 7))))))
            (local.set $k8 (v128.load (i32.add (local.get $dw) (i32.add (local.get $oc) (i32.mul (local.get $ob) (i32.const 8))))))
            (local.set $dp (i32.add (local.get $dyImage) (local.get $oc)))
            (local.set $y (i32.const 0))
            (block $rowsDone
              (loop $rows
                (br_if $rowsDone (i32.ge_u (local.get $y) (local.get $outH)))
                (local.set $xp (i32.add (local.get $image) (i32.mul (local.get $y) (local.get $wb))))
                (local.set $xEnd (i32.add (local.get $xp) (i32.shl (local.get $outW) (i32.const 2))))
                (block $colsDone
                  (loop $cols
                    (br_if $colsDone (i32.ge_u (local.get $xp) (local.get $xEnd)))
                    (local.set $d (v128.load (local.get $dp)))
                    (local.set $k0 (f32x4.add (local.get $k0) (f32x4.mul (v128.load32_splat (local.get $xp)) (local.get $d))))
                    (local.set $k1 (f32x4.add (local.get $k1) (f32x4.mul (v128.load32_splat offset=4 (local.get $xp)) (local.get $d))))
                    (local.set $k2 (f32x4.add (local.get $k2) (f32x4.mul (v128.load32_splat offset=8 (local.get $xp)) (local.get $d))))
                    (local.set $xx (i32.add (local.get $xp) (local.get $wb)))
                    (local.set $k3 (f32x4.add (local.get $k3) (f32x4.mul (v128.load32_splat (local.get $xx)) (local.get $d))))
                    (local.set $k4 (f32x4.add (local.get $k4) (f32x4.mul (v128.load32_splat offset=4 (local.get $xx)) (local.get $d))))
                    (local.set $k5 (f32x4.add (local.get $k5) (f32x4.mul (v128.load32_splat offset=8 (local.get $xx)) (local.get $d))))
                    (local.set $xx (i32.add (local.get $xx) (local.get $wb)))
                    (local.set $k6 (f32x4.add (local.get $k6) (f32x4.mul (v128.load32_splat (local.get $xx)) (local.get $d))))
                    (local.set $k7 (f32x4.add (local.get $k7) (f32x4.mul (v128.load32_splat offset=4 (local.get $xx)) (local.get $d))))
                    (local.set $k8 (f32x4.add (local.get $k8) (f32x4.mul (v128.load32_splat offset=8 (local.get $xx)) (local.get $d))))
                    (local.set $xp (i32.add (local.get $xp) (i32.const 4)))
                    (local.set $dp (i32.add (local.get $dp) (local.get $ob)))
                    (br $cols)))
                (local.set $y (i32.add (local.get $y) (i32.const 1)))
                (br $rows)))
            (v128.store (i32.add (local.get $dw) (local.get $oc)) (local.get $k0))
            (v128.store (i32.add (local.get $dw) (i32.add (local.get $oc) (local.get $ob))) (local.get $k1))
            (v128.store (i32.add (local.get $dw) (i32.add (local.get $oc) (i32.mul (local.get $ob) (i32.const 2)))) (local.get $k2))
            (v128.store (i32.add (local.get $dw) (i32.add (local.get $oc) (i32.mul (local.get $ob) (i32.const 3)))) (local.get $k3))
            (v128.store (i32.add (local.get $dw) (i32.add (local.get $oc) (i32.mul (local.get $ob) (i32.const 4)))) (local.get $k4))
            (v128.store (i32.add (local.get $dw) (i32.add (local.get $oc) (i32.mul (local.get $ob) (i32.const 5)))) (local.get $k5))
            (v128.store (i32.add (local.get $dw) (i32.add (local.get $oc) (i32.mul (local.get $ob) (i32.const 6)))) (local.get $k6))
            (v128.store (i32.add (local.get $dw) (i32.add (local.get $oc) (i32.mul (local.get $ob) (i32.const 7)))) (local.get $k7))
            (v128.store (i32.add (local.get $dw) (i32.add (local.get $oc) (i32.mul (local.get $ob) (i32.const 8)))) (local.get $k8))
            (local.set $oc (i32.add (local.get $oc) (i32.const 16)))
            (br $channels4)))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (br $images))))

  ;; Adam's update of one variable, the operations of tfjs' AdamOptimizer in its order,
  ;; each rounded to float32 as its kernels round them (wasm SIMD has no fused
  ;; multiply-add), so the results are the same bits:
  ;;   m' = m b1 + g (1 - b1)     v' = v b2 + (g g) (1 - b2)
  ;;   x' = ((m' / c1) / (sqrt(v' / c2) + epsilon)) (-lr) + x,   c = 1 - beta^t
  ;; One pass instead of 13 kernels a variable. New x', m', v' go to their own tensors.
  ;; Any count: 4 at a time, then one by one.
  (func (export "adam")
    (param $x i32) (param $m i32) (param $v i32) (param $g i32)
    (param $xOut i32) (param $mOut i32) (param $vOut i32) (param $count i32)
    (param $beta1 f32) (param $oneMinusBeta1 f32) (param $beta2 f32) (param $oneMinusBeta2 f32)
    (param $c1 f32) (param $c2 f32) (param $epsilon f32) (param $negLr f32)
    (local $i i32) (local $end i32) (local $end4 i32)
    (local $b1 v128) (local $omb1 v128) (local $b2 v128) (local $omb2 v128)
    (local $c1v v128) (local $c2v v128) (local $eps v128) (local $lr v128)
    (local $gv v128) (local $mv v128) (local $vv v128)
    (local $gs f32) (local $ms f32) (local $vs f32)
    (local.set $b1 (f32x4.splat (local.get $beta1)))
    (local.set $omb1 (f32x4.splat (local.get $oneMinusBeta1)))
    (local.set $b2 (f32x4.splat (local.get $beta2)))
    (local.set $omb2 (f32x4.splat (local.get $oneMinusBeta2)))
    (local.set $c1v (f32x4.splat (local.get $c1)))
    (local.set $c2v (f32x4.splat (local.get $c2)))
    (local.set $eps (f32x4.splat (local.get $epsilon)))
    (local.set $lr (f32x4.splat (local.get $negLr)))
    (local.set $end (i32.shl (local.get $count) (i32.const 2)))
    (local.set $end4 (i32.and (local.get $end) (i32.const -16)))
    (block $simdDone
      (loop $simd
        (br_if $simdDone (i32.ge_u (local.get $i) (local.get $end4)))
        (local.set $gv (v128.load (i32.add (local.get $g) (local.get $i))))
        (local.set $mv (f32x4.add
          (f32x4.mul (v128.load (i32.add (local.get $m) (local.get $i))) (local.get $b1))
          (f32x4.mul (local.get $gv) (local.get $omb1))))
        (local.set $vv (f32x4.add
          (f32x4.mul (v128.load (i32.add (local.get $v) (local.get $i))) (local.get $b2))
          (f32x4.mul (f32x4.mul (local.get $gv) (local.get $gv)) (local.get $omb2))))
        (v128.store (i32.add (local.get $mOut) (local.get $i)) (local.get $mv))
        (v128.store (i32.add (local.get $vOut) (local.get $i)) (local.get $vv))
        (v128.store (i32.add (local.get $xOut) (local.get $i))
          (f32x4.add
            (f32x4.mul
              (f32x4.div
                (f32x4.div (local.get $mv) (local.get $c1v))
                (f32x4.add (f32x4.sqrt (f32x4.div (local.get $vv) (local.get $c2v))) (local.get $eps)))
              (local.get $lr))
            (v128.load (i32.add (local.get $x) (local.get $i)))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $simd)))
    (block $done
      (loop $rest
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $gs (f32.load (i32.add (local.get $g) (local.get $i))))
        (local.set $ms (f32.add
          (f32.mul (f32.load (i32.add (local.get $m) (local.get $i))) (local.get $beta1))
          (f32.mul (local.get $gs) (local.get $oneMinusBeta1))))
        (local.set $vs (f32.add
          (f32.mul (f32.load (i32.add (local.get $v) (local.get $i))) (local.get $beta2))
          (f32.mul (f32.mul (local.get $gs) (local.get $gs)) (local.get $oneMinusBeta2))))
        (f32.store (i32.add (local.get $mOut) (local.get $i)) (local.get $ms))
        (f32.store (i32.add (local.get $vOut) (local.get $i)) (local.get $vs))
        (f32.store (i32.add (local.get $xOut) (local.get $i))
          (f32.add
            (f32.mul
              (f32.div
                (f32.div (local.get $ms) (local.get $c1))
                (f32.add (f32.sqrt (f32.div (local.get $vs) (local.get $c2))) (local.get $epsilon)))
              (local.get $negLr))
            (f32.load (i32.add (local.get $x) (local.get $i)))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $rest))))

  ;; Batch normalization's per-channel sums over the rows of [rows, channels] matrices,
  ;; in float64 (scratch: 16 * channels bytes, cleared here):
  ;;   sums[c] = sum of a[r,c]    sums[channels + c] = sum of a[r,c] * (b[r,c] - center[c])
  ;; The forward pass takes a = b = x and a zero center (sum of x and of x squared), the
  ;; backward pass a = dy, b = x and the batch mean. `channels` is a multiple of 4.
  (func (export "channelSums")
    (param $a i32) (param $b i32) (param $center i32) (param $sums i32)
    (param $rows i32) (param $channels i32)
    (local $r i32) (local $c i32) (local $rowBytes i32) (local $second i32)
    (local $av v128) (local $dv v128) (local $s i32)
    (local.set $rowBytes (i32.shl (local.get $channels) (i32.const 2)))
    (local.set $second (i32.shl (local.get $channels) (i32.const 3)))
    (memory.fill (local.get $sums) (i32.const 0) (i32.shl (local.get $second) (i32.const 1)))
    (block $done
      (loop $rowLoop
        (br_if $done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $c (i32.const 0))
        (block $rowDone
          (loop $columns
            (br_if $rowDone (i32.ge_u (local.get $c) (local.get $rowBytes)))
            (local.set $av (v128.load (i32.add (local.get $a) (local.get $c))))
            (local.set $dv (f32x4.sub (v128.load (i32.add (local.get $b) (local.get $c)))
              (v128.load (i32.add (local.get $center) (local.get $c)))))
            (local.set $s (i32.add (local.get $sums) (i32.shl (local.get $c) (i32.const 1))))
            (v128.store (local.get $s)
              (f64x2.add (v128.load (local.get $s)) (f64x2.promote_low_f32x4 (local.get $av))))
            (v128.store offset=16 (local.get $s)
              (f64x2.add (v128.load offset=16 (local.get $s))
                (f64x2.promote_low_f32x4
                  (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $av) (local.get $av)))))
            (local.set $s (i32.add (local.get $s) (local.get $second)))
            (v128.store (local.get $s)
              (f64x2.add (v128.load (local.get $s))
                (f64x2.mul (f64x2.promote_low_f32x4 (local.get $av)) (f64x2.promote_low_f32x4 (local.get $dv)))))
            (v128.store offset=16 (local.get $s)
              (f64x2.add (v128.load offset=16 (local.get $s))
                (f64x2.mul
                  (f64x2.promote_low_f32x4
                    (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $av) (local.get $av)))
                  (f64x2.promote_low_f32x4
                    (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $dv) (local.get $dv))))))
            (local.set $c (i32.add (local.get $c) (i32.const 16)))
            (br $columns)))
        (local.set $a (i32.add (local.get $a) (local.get $rowBytes)))
        (local.set $b (i32.add (local.get $b) (local.get $rowBytes)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rowLoop))))

  ;; Batch normalization's per-channel affine maps of [rows, channels] matrices, in float32:
  ;;   out[r,c] = a[r,c] * k[c] + (b[r,c] - center[c]) * k[channels + c] + k[2 channels + c]
  ;; Forward: y = (x - mean) * scale / sqrt(var + eps) + offset (a = b = x, k[c] = 0);
  ;; backward: dx = dy * A + (x - mean) * B + C. `channels` is a multiple of 4.
  (func (export "channelAffine")
    (param $a i32) (param $b i32) (param $center i32) (param $k i32) (param $out i32)
    (param $rows i32) (param $channels i32)
    (local $r i32) (local $c i32) (local $rowBytes i32) (local $kc i32)
    (local.set $rowBytes (i32.shl (local.get $channels) (i32.const 2)))
    (block $done
      (loop $rowLoop
        (br_if $done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $c (i32.const 0))
        (block $rowDone
          (loop $columns
            (br_if $rowDone (i32.ge_u (local.get $c) (local.get $rowBytes)))
            (local.set $kc (i32.add (local.get $k) (local.get $c)))
            (v128.store (i32.add (local.get $out) (local.get $c))
              (f32x4.add
                (f32x4.add
                  (f32x4.mul (v128.load (i32.add (local.get $a) (local.get $c))) (v128.load (local.get $kc)))
                  (f32x4.mul
                    (f32x4.sub (v128.load (i32.add (local.get $b) (local.get $c)))
                      (v128.load (i32.add (local.get $center) (local.get $c))))
                    (v128.load (i32.add (local.get $kc) (local.get $rowBytes)))))
                (v128.load (i32.add (i32.add (local.get $kc) (local.get $rowBytes)) (local.get $rowBytes)))))
            (local.set $c (i32.add (local.get $c) (i32.const 16)))
            (br $columns)))
        (local.set $a (i32.add (local.get $a) (local.get $rowBytes)))
        (local.set $b (i32.add (local.get $b) (local.get $rowBytes)))
        (local.set $out (i32.add (local.get $out) (local.get $rowBytes)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rowLoop))))
)
