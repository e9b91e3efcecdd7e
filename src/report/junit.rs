//! `whk replay --report-junit`: a testcase per capture, for CI test tabs.

use super::{Case, Report};
use crate::error::Error;

impl Report {
    pub fn junit(&self) -> Result<Vec<u8>, Error> {
        use quick_junit::{NonSuccessKind, Report as JUnit, TestCase, TestCaseStatus, TestSuite};
        let mut suite = TestSuite::new("whk replay");
        for Case { name, provider, problem, time } in self.cases.iter().flatten() {
            let status = match problem {
                None => TestCaseStatus::success(),
                Some(message) => {
                    let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
                    status.set_message(message.as_str());
                    status
                }
            };
            let mut case = TestCase::new(name.as_str(), status);
            case.set_classname(provider.as_deref().unwrap_or("capture"));
            case.set_time(*time);
            suite.add_test_case(case);
        }
        let mut report = JUnit::new("whk");
        report.add_test_suite(suite);
        report
            .to_string()
            .map(String::into_bytes)
            .map_err(|e| Error::runtime(format!("cannot write the JUnit report: {e}")))
    }
}
