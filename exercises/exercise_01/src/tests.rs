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
