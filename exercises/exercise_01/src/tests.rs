use super::spawn_uppercaser;
use test_support::deadline;

const HINT: &str = "工作线程是否在用 `for word in rx` 或 `while let Ok(..) = rx.recv()` 接收？\
                    输出端的 Sender 是否交给了工作线程（而不是留在函数里或返回给调用者）？";

#[test]
fn uppercases_one_word() {
    deadline(HINT, || {
        let (input, output) = spawn_uppercaser();
        input
            .send("hello".to_string())
            .expect("工作线程不应在输入关闭前退出");
        assert_eq!(
            output.recv().as_deref(),
            Ok("HELLO"),
            "“hello” 应当变成 “HELLO”"
        );
    });
}

#[test]
fn keeps_the_order_of_the_input() {
    deadline(HINT, || {
        let (input, output) = spawn_uppercaser();
        let words: Vec<String> = (0..100).map(|i| format!("word-{i}")).collect();
        for word in &words {
            input.send(word.clone()).unwrap();
        }
        for word in &words {
            let got = output
                .recv()
                .expect("输出端提前关闭了：有字符串没有被发回来");
            assert_eq!(
                got,
                word.to_uppercase(),
                "同一个通道里的消息按发送顺序到达，结果的顺序不应改变"
            );
        }
    });
}

#[test]
fn uppercases_beyond_ascii() {
    deadline(HINT, || {
        let (input, output) = spawn_uppercaser();
        input.send("straße ünd café".to_string()).unwrap();
        assert_eq!(
            output.recv().as_deref(),
            Ok("STRASSE ÜND CAFÉ"),
            "请用 str::to_uppercase"
        );
    });
}

#[test]
fn worker_exits_after_the_input_is_dropped() {
    deadline(HINT, || {
        let (input, output) = spawn_uppercaser();
        input.send("last".to_string()).unwrap();
        drop(input);
        assert_eq!(
            output.recv().as_deref(),
            Ok("LAST"),
            "输入端被 drop 前已经发送的字符串，仍然要被处理并发回"
        );
        assert!(
            output.recv().is_err(),
            "输入端全部 drop、工作线程退出后，输出端的 recv() 应返回 Err（工作线程的 Sender 随线程一起被 drop）"
        );
    });
}

#[test]
fn the_worker_waits_quietly_and_keeps_going_after_a_pause() {
    use std::sync::mpsc;
    use std::thread;
    use std::time::Duration;
    use test_support::{assert_not_spinning, threads_named};
    const NAME: &str = "ex01-quiet";
    deadline(HINT, || {
        // 在一个名字独特的线程里调用 spawn_uppercaser：它启动的工作线程（Linux 上）继承
        // 这个名字，测试就能找到它、量它的 CPU 时间。
        let (handles_tx, handles_rx) = mpsc::channel();
        thread::Builder::new()
            .name(NAME.into())
            .spawn(move || handles_tx.send(spawn_uppercaser()).unwrap())
            .unwrap()
            .join()
            .expect("spawn_uppercaser panic 了：还是 todo!()？");
        let (input, output) = handles_rx.recv().unwrap();
        // 输入端活着，但什么也不发：工作线程应当阻塞在 recv 上，几乎不用 CPU。
        let worker = threads_named(NAME);
        if !worker.is_empty() {
            assert_not_spinning(&worker, Duration::from_millis(200), "工作线程");
        }
        input
            .send("after a pause".to_string())
            .expect("输入端还活着，工作线程却已经退出了：暂时没有消息不等于输入结束，请用会一直等待的 recv()");
        assert_eq!(
            output.recv().as_deref(),
            Ok("AFTER A PAUSE"),
            "输入端还活着，工作线程却已经退出了：暂时没有消息不等于输入结束，\
             不要用 try_recv / recv_timeout 的错误来结束循环"
        );
    });
}

#[test]
fn the_worker_stops_when_nobody_wants_the_results() {
    use std::time::{Duration, Instant};
    deadline(HINT, || {
        let (input, output) = spawn_uppercaser();
        // 调用者不要结果了：输出端被 drop。工作线程下一次 send 会失败，它应当就此退出，
        // 退出时 drop 输入的 Receiver，于是调用者这边的 send 也开始失败。
        drop(output);
        let started = Instant::now();
        while input.send("nobody listens".to_string()).is_ok() {
            assert!(
                started.elapsed() < Duration::from_secs(2),
                "输出端被 drop 两秒了，工作线程还在接收输入：send 返回 Err 说明没人要结果了，\
                 这时应当退出循环（不要用 `let _ =` 忽略发送错误）"
            );
            std::thread::yield_now();
        }
    });
}
