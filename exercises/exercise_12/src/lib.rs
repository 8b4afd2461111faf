//! 练习 12：工作窃取线程池
//!
//! 实现 [`run_pool`]：用 `workers` 个线程执行 `tasks` 里的任务，并返回所有结果。
//! 执行一个任务时，`work` 可以往它拿到的 `&mut Vec<T>` 里放入**新的任务**（比如把一个大问题
//! 拆成几个小问题），这些新任务也要被执行。
//!
//! 用 `crossbeam::deque` 实现工作窃取：
//!
//! * 最初的任务放进共享的 `Injector`；
//! * 每个线程有自己的 `Worker` 队列，新产生的任务放进自己的队列；
//! * 一个线程找任务的顺序：自己的队列 → `Injector` → 从别的线程的 `Stealer` 偷。
//!
//! 要求：每个任务（包括运行中产生的）恰好执行一次；所有线程都会结束；结果的顺序不限。
//! `workers` 为 0 时按 1 处理。某个任务 panic 时不能卡住：其余线程照常结束，然后把这个
//! panic 传给调用者。
//!
//! 运行测试：`cargo test -p exercise_12`

/// 用 `workers` 个线程以工作窃取的方式执行所有任务，返回每个任务的结果（顺序不限）。
///
/// `work(task, &mut spawned)` 执行一个任务并返回它的结果；它放进 `spawned` 的任务随后也会被执行。
pub fn run_pool<T, R, F>(workers: usize, tasks: Vec<T>, work: F) -> Vec<R>
where
    T: Send,
    R: Send,
    F: Fn(T, &mut Vec<T>) -> R + Sync,
{
    // TODO: 每个线程需要哪几样东西：自己的 Worker、共享的 Injector、所有人的 Stealer？
    //       哪些可以共享借用，哪些必须 move 进线程？（提示：std::thread::scope）
    // TODO: steal 返回 Steal::Retry 是什么意思？该放弃，还是再试一次？
    // TODO: 一个线程暂时哪里都找不到任务时，能不能就此退出？别的线程正在执行的任务，
    //       还可能产生新任务吗？怎样才知道“全部做完了”？
    let _ = (workers, tasks, work);
    todo!("用 Injector / Worker / Stealer 实现工作窃取")
}

#[cfg(test)]
mod tests;
