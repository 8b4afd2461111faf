//! 第 4 步：单生产者单消费者（SPSC）的有界环形缓冲区，rtrb 的思路。
//!
//! 生产者只写 `tail`，消费者只写 `head`：没有锁，也没有比较交换（CAS），每个下标只有一个
//! 写者。两个下标各占一条缓存行（[`Padded`]），并且各自在本地缓存对方的下标，只有看起来
//! 满了（或空了）才重新读一次——这就是“批量读取下标”。
//!
//! 这一步不会等待：满了 `push` 退回消息，空了 `pop` 返回 `None`。等待是第 5 步的事。
#![allow(unsafe_code)]

use std::fmt;
use std::mem::MaybeUninit;
use std::ops::Deref;

use super::sync::{Arc, AtomicUsize, Ordering, UnsafeCell};

// ANCHOR: padding
/// 独占一条缓存行的下标。x86-64 上相邻两条缓存行会被一起预取，所以按 128 字节对齐
/// （crossbeam 的 `CachePadded` 也这么做）。
#[derive(Debug)]
#[repr(align(128))]
pub struct Padded(AtomicUsize);

/// 不加填充的下标：两个下标挤在同一条缓存行里。只用来测量填充值不值。
#[derive(Debug)]
pub struct Unpadded(AtomicUsize);
// ANCHOR_END: padding

/// 环形缓冲区的下标存放方式：[`Padded`] 或 [`Unpadded`]。
pub trait Index: Deref<Target = AtomicUsize> + Send + Sync + 'static {
    fn new(value: usize) -> Self;
}

impl Deref for Padded {
    type Target = AtomicUsize;
    fn deref(&self) -> &AtomicUsize {
        &self.0
    }
}

impl Deref for Unpadded {
    type Target = AtomicUsize;
    fn deref(&self) -> &AtomicUsize {
        &self.0
    }
}

impl Index for Padded {
    fn new(value: usize) -> Padded {
        Padded(AtomicUsize::new(value))
    }
}

impl Index for Unpadded {
    fn new(value: usize) -> Unpadded {
        Unpadded(AtomicUsize::new(value))
    }
}

// ANCHOR: ring
/// 位置在 `0..2 * capacity` 里循环：这样 `head == tail` 表示空，
/// 二者相差 `capacity` 表示满，不必浪费一个槽，也不需要除法。
struct Ring<T, I: Index> {
    /// 消费者下一次读的位置；只有消费者写。
    head: I,
    /// 生产者下一次写的位置；只有生产者写。
    tail: I,
    slots: Box<[UnsafeCell<MaybeUninit<T>>]>,
}

impl<T, I: Index> Ring<T, I> {
    fn capacity(&self) -> usize {
        self.slots.len()
    }

    /// 位置 → 槽号。
    fn slot(&self, pos: usize) -> &UnsafeCell<MaybeUninit<T>> {
        let cap = self.capacity();
        &self.slots[if pos < cap { pos } else { pos - cap }]
    }

    /// 下一个位置。
    fn next(&self, pos: usize) -> usize {
        if pos + 1 < 2 * self.capacity() {
            pos + 1
        } else {
            0
        }
    }

    /// 从 `head` 到 `tail` 有几条消息。
    fn distance(&self, head: usize, tail: usize) -> usize {
        if tail >= head {
            tail - head
        } else {
            tail + 2 * self.capacity() - head
        }
    }
}
// ANCHOR_END: ring

// SAFETY: 每个槽在任一时刻只属于一方：`head..tail` 之间的归消费者，其余归生产者；
// 所有权通过 `tail`（生产者 Release、消费者 Acquire）和 `head`（反过来）交接。
// 消息会被移到另一个线程，所以要求 `T: Send`。
unsafe impl<T: Send, I: Index> Sync for Ring<T, I> {}

/// 生产者；只有一个（不能克隆）。
pub struct Producer<T, I: Index = Padded> {
    ring: Arc<Ring<T, I>>,
    /// 自己的 `tail`：只有自己写，不必每次读原子变量。
    tail: usize,
    /// 上一次读到的消费者 `head`；只会比真实值旧（更保守），不会更新。
    head_seen: usize,
}

/// 消费者；只有一个（不能克隆）。
pub struct Consumer<T, I: Index = Padded> {
    ring: Arc<Ring<T, I>>,
    head: usize,
    tail_seen: usize,
}

impl<T, I: Index> fmt::Debug for Producer<T, I> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Producer")
            .field("capacity", &self.ring.capacity())
            .finish_non_exhaustive()
    }
}

impl<T, I: Index> fmt::Debug for Consumer<T, I> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Consumer")
            .field("capacity", &self.ring.capacity())
            .finish_non_exhaustive()
    }
}

/// 容量为 `capacity`、下标各占一条缓存行的环形缓冲区。
pub fn channel<T>(capacity: usize) -> (Producer<T>, Consumer<T>) {
    with_index::<T, Padded>(capacity)
}

/// 同上，下标的存放方式由 `I` 决定（[`Padded`] 或 [`Unpadded`]）。
pub fn with_index<T, I: Index>(capacity: usize) -> (Producer<T, I>, Consumer<T, I>) {
    assert!(capacity > 0, "环形缓冲区的容量必须至少为 1");
    let slots = (0..capacity)
        .map(|_| UnsafeCell::new(MaybeUninit::uninit()))
        .collect();
    let ring = Arc::new(Ring {
        head: I::new(0),
        tail: I::new(0),
        slots,
    });
    let producer = Producer {
        ring: Arc::clone(&ring),
        tail: 0,
        head_seen: 0,
    };
    let consumer = Consumer {
        ring,
        head: 0,
        tail_seen: 0,
    };
    (producer, consumer)
}

// ANCHOR: push
impl<T, I: Index> Producer<T, I> {
    /// 放入一条消息；满了就原样退回。
    pub fn push(&mut self, msg: T) -> Result<(), T> {
        let ring = &*self.ring;
        if ring.distance(self.head_seen, self.tail) == ring.capacity() {
            // 按旧的 head 看是满的：这时才去读真实的 head（Acquire：
            // 消费者读完槽之后才 Release 推进 head，看到新 head 就能安全地覆盖那些槽）。
            self.head_seen = ring.head.load(Ordering::Acquire);
            if ring.distance(self.head_seen, self.tail) == ring.capacity() {
                return Err(msg);
            }
        }
        // SAFETY: `tail` 的槽不在 `head..tail` 之间（没满），归生产者；生产者只有一个。
        ring.slot(self.tail)
            .with_mut(|p| unsafe { (*p).write(msg) });
        self.tail = ring.next(self.tail);
        // Release：槽里的消息先于新 tail 对消费者可见。
        ring.tail.store(self.tail, Ordering::Release);
        Ok(())
    }

    /// 还能放几条（按上一次看到的 head，可能偏小）。
    pub fn slots(&self) -> usize {
        self.ring.capacity() - self.ring.distance(self.head_seen, self.tail)
    }
}
// ANCHOR_END: push

// ANCHOR: pop
impl<T, I: Index> Consumer<T, I> {
    /// 取出最早的一条消息；空了返回 `None`。
    pub fn pop(&mut self) -> Option<T> {
        let ring = &*self.ring;
        if self.head == self.tail_seen {
            // 按旧的 tail 看是空的：这时才去读真实的 tail。
            self.tail_seen = ring.tail.load(Ordering::Acquire);
            if self.head == self.tail_seen {
                return None;
            }
        }
        // SAFETY: `head` 在 `head..tail` 之间，生产者已经写好并 Release 了 tail，
        // 我们用 Acquire 读到了它；在我们推进 head 之前生产者不会再写这个槽。
        let msg = ring
            .slot(self.head)
            .with(|p| unsafe { (*p).assume_init_read() });
        self.head = ring.next(self.head);
        // Release：读完槽之后才把它还给生产者。
        ring.head.store(self.head, Ordering::Release);
        Some(msg)
    }
}
// ANCHOR_END: pop

impl<T, I: Index> Drop for Ring<T, I> {
    fn drop(&mut self) {
        // 双方都不在了：`head..tail` 之间还没取走的消息由这里 drop。
        let mut head = self.head.load(Ordering::Acquire);
        let tail = self.tail.load(Ordering::Acquire);
        while head != tail {
            // SAFETY: `head..tail` 之间的槽都已写入、没有被读出；`&mut self` 说明没有别人。
            self.slot(head)
                .with_mut(|p| unsafe { (*p).assume_init_drop() });
            head = self.next(head);
        }
    }
}
