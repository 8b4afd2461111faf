//! 练习 15：并行处理，按原顺序尽早输出
//!
//! 两部分：
//!
//! * [`Reorder::push`]：重排缓冲区。值带着序号乱序到达，它按序号 0、1、2……依次放出，
//!   而且**尽早**放出：下一个该放的值一到，就和它后面已经到了的值一起放出。
//! * [`ordered_map`]：扇出给 `workers` 个工作线程计算 `f`，扇入到一个收集者线程，
//!   收集者用 `Reorder` 把结果恢复成输入顺序，从返回的 Receiver 流出。
//!
//! 运行测试：`cargo test -p exercise_15`

use crossbeam_channel::Receiver;
use std::collections::BTreeMap;

/// 重排缓冲区。
#[derive(Debug)]
pub struct Reorder<T> {
    /// 下一个该放出的序号。
    next: u64,
    /// 已经到了、但前面还有序号没到的值。
    waiting: BTreeMap<u64, T>,
}

impl<T> Default for Reorder<T> {
    fn default() -> Self {
        Reorder {
            next: 0,
            waiting: BTreeMap::new(),
        }
    }
}

impl<T> Reorder<T> {
    /// 一个空的缓冲区，等待序号 0。
    pub fn new() -> Self {
        Self::default()
    }

    /// 还压在缓冲区里、在等前面序号的值有几个。
    pub fn waiting(&self) -> usize {
        self.waiting.len()
    }
}

impl<T> Reorder<T> {
    /// 收下序号为 `seq` 的值（每个序号只出现一次），返回**现在**能按顺序放出的所有值，
    /// 可能一个也没有。
    pub fn push(&mut self, seq: u64, value: T) -> Vec<T> {
        // TODO: 新到的值先放在哪里？
        // TODO: 什么条件下可以放出一个值？放出一个之后，还要不要看看下一个？
        let _ = (&mut self.next, &mut self.waiting, seq, value);
        todo!("暂存新值，然后放出从 next 开始连续的值")
    }
}

/// 用 `workers` 个线程（至少 1 个）对每个输入调用 `f`；结果按输入顺序、尽早从返回的
/// Receiver 流出。全部结果流出后，Receiver 断开。
pub fn ordered_map<T, U, F>(inputs: Vec<T>, workers: usize, f: F) -> Receiver<U>
where
    T: Send + 'static,
    U: Send + 'static,
    F: Fn(T) -> U + Send + Sync + 'static,
{
    // TODO: 怎样把任务分给多个工作线程，而每个任务只被一个线程取走？
    // TODO: 工作线程的结果以任意顺序到达收集者：消息里还要带上什么，才能恢复顺序？
    // TODO: 多个工作线程共用同一个 `f`：怎样把它交给每个线程？（提示：Arc）
    // TODO: 收集者的 `for` 循环什么时候结束？原始的结果 Sender 怎么处理？
    // TODO: 收集者是收齐了再排序，还是每收到一个就看看能不能放出？哪一种才“尽早”？
    let _ = (inputs, workers, f);
    todo!("扇出给工作线程，扇入到收集者，用 Reorder 恢复顺序")
}

#[cfg(test)]
mod tests;
