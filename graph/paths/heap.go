package paths

// heap is a binary min-heap of (key, node) items with lazy deletion:
// callers push a node again when its key drops and skip stale items.
type heap[K int64 | float64] struct {
	d []K
	v []int32
}

func (h *heap[K]) reset()   { h.d, h.v = h.d[:0], h.v[:0] }
func (h *heap[K]) len() int { return len(h.d) }

func (h *heap[K]) peek() (K, int32) { return h.d[0], h.v[0] }

func (h *heap[K]) push(d K, v int32) {
	h.d = append(h.d, d)
	h.v = append(h.v, v)
	i := len(h.d) - 1
	for i > 0 {
		p := (i - 1) / 2
		if h.d[p] <= d {
			break
		}
		h.d[i], h.v[i] = h.d[p], h.v[p]
		i = p
	}
	h.d[i], h.v[i] = d, v
}

func (h *heap[K]) pop() (K, int32) {
	d, v := h.d[0], h.v[0]
	n := len(h.d) - 1
	ld, lv := h.d[n], h.v[n]
	h.d, h.v = h.d[:n], h.v[:n]
	if n > 0 {
		i := 0
		for {
			c := 2*i + 1
			if c >= n {
				break
			}
			if c+1 < n && h.d[c+1] < h.d[c] {
				c++
			}
			if h.d[c] >= ld {
				break
			}
			h.d[i], h.v[i] = h.d[c], h.v[c]
			i = c
		}
		h.d[i], h.v[i] = ld, lv
	}
	return d, v
}
