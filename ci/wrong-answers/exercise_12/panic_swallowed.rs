//! 错误：任务 panic 后只收集其余线程的结果，把 panic 悄悄吞掉了
//! 期望：不能悄悄吞掉
use crossbeam::deque::{Injector, Steal, Stealer, Worker};
use crossbeam::utils::Backoff;
use std::panic;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

// ANCHOR: solution
pub fn run_pool<T, R, F>(workers: usize, tasks: Vec<T>, work: F) -> Vec<R>
where
    T: Send,
    R: Send,
    F: Fn(T, &mut Vec<T>) -> R + Sync,
{
    let injector = Injector::new();
    // 还没有执行完的任务数：排队中的，加上正在执行的。
    let pending = AtomicUsize::new(tasks.len());
    for task in tasks {
        injector.push(task);
    }
    let locals: Vec<Worker<T>> = (0..workers.max(1)).map(|_| Worker::new_lifo()).collect();
    let stealers: Vec<Stealer<T>> = locals.iter().map(Worker::stealer).collect();

    thread::scope(|scope| {
        let handles: Vec<_> = locals
            .into_iter()
            .map(|local| {
                let (injector, stealers, pending, work) = (&injector, &stealers, &pending, &work);
                scope.spawn(move || {
                    let mut results = Vec::new();
                    let mut spawned = Vec::new();
                    let backoff = Backoff::new();
                    loop {
                        if let Some(task) = find_task(&local, injector, stealers) {
                            backoff.reset();
                            // 任务 panic 时也要把它从 pending 里减掉，否则别的线程永远等下去。
                            let finished = Finished(pending);
                            results.push(work(task, &mut spawned));
                            // 关键决定：先把新任务计入 pending，再把刚做完的任务减掉。
                            // 顺序反过来，计数会短暂归零，别的线程会以为全部做完而提前退出。
                            pending.fetch_add(spawned.len(), Ordering::SeqCst);
                            for task in spawned.drain(..) {
                                local.push(task);
                            }
                            drop(finished);
                        } else if pending.load(Ordering::SeqCst) == 0 {
                            // 没有排队的任务，也没有正在执行、可能产生新任务的任务。
                            return results;
                        } else {
                            // 别的线程手上还有任务，它们可能产生新任务：稍等再找。
                            backoff.snooze();
                        }
                    }
                })
            })
            .collect();
        // 每个线程都等到；有任务 panic 的话，其余线程照常做完后，把那个 panic 交给调用者。
        let mut results = Vec::new();
        let mut panicked = None;
        for handle in handles {
            match handle.join() {
                Ok(part) => results.extend(part),
                Err(payload) => drop(payload),
            }
        }
        if let Some(payload) = panicked {
            panic::resume_unwind(payload);
        }
        results
    })
}

/// 一个任务结束（正常返回或 panic）时，把它从“还没做完的任务数”里减掉。
struct Finished<'a>(&'a AtomicUsize);

impl Drop for Finished<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// 自己的队列 → 全局的 Injector → 别人的队列。返回 `None` 表示此刻哪里都没有任务。
fn find_task<T>(local: &Worker<T>, injector: &Injector<T>, stealers: &[Stealer<T>]) -> Option<T> {
    if let Some(task) = local.pop() {
        return Some(task);
    }
    loop {
        let mut contended = false;
        // 从 Injector 拿一批到自己的队列里，并直接取出其中一个。
        match injector.steal_batch_and_pop(local) {
            Steal::Success(task) => return Some(task),
            Steal::Retry => contended = true,
            Steal::Empty => {}
        }
        for stealer in stealers {
            match stealer.steal() {
                Steal::Success(task) => return Some(task),
                Steal::Retry => contended = true,
                Steal::Empty => {}
            }
        }
        // Retry 表示和别的线程撞上了，不代表没有任务：再来一轮。
        if !contended {
            return None;
        }
    }
}
// ANCHOR_END: solution

#[cfg(test)]
mod tests;
