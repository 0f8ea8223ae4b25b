import { text } from '../__testUtils__/files';
import { allInOneOf as allInOne } from '../__testUtils__/allInOneOf';

/**
 * A helper that builds a different model for each kind of request
 * (`isinstance(request, TableRequest)`), called from endpoints that each
 * declare their own request type: every arm runs for some endpoint, so
 * the process serves each arm's model. Endpoints passing the same type
 * still choose one arm.
 */
describe('arms chosen by the type of request each endpoint passes', () => {
  const tree = (secondType: string) => ({
    Dockerfile: text`
      FROM python:3.12-slim
      COPY svc /srv/svc
      WORKDIR /srv
      CMD ["uvicorn", "svc.main:app"]
    `,
    'svc/__init__.py': '',
    'svc/schemas.py': text`
      from pydantic import BaseModel

      class TextRequest(BaseModel):
          lang: str = "en"

      class TableRequest(BaseModel):
          strict: bool = False
    `,
    'svc/engine.py': text`
      from ultralytics import YOLO
      from svc.schemas import TableRequest, TextRequest

      def pick(request):
          if isinstance(request, TextRequest):
              return YOLO("weights/text_lines.pt")
          elif isinstance(request, TableRequest):
              return YOLO("weights/table_cells.pt")
    `,
    'svc/main.py': text`
      from fastapi import Depends, FastAPI
      from svc.engine import pick
      from svc.schemas import TableRequest, TextRequest

      app = FastAPI()

      @app.post("/text")
      def text_lines(request: TextRequest = Depends()):
          return pick(request)

      @app.post("/tables")
      def tables(request: ${secondType} = Depends()):
          return pick(request)
    `,
  });

  it('counts two models when the endpoints pass requests of different types', () => {
    const { verdict, at, notes } = allInOne(tree('TableRequest'));
    expect(verdict).toBe('fail');
    expect(at).toEqual(['Dockerfile:4', 'svc/engine.py:6', 'svc/engine.py:8']);
    expect(notes[0]).toBe('uvicorn svc.main:app loads 2 distinct models');
  });

  it('keeps one model when every endpoint passes the same type', () => {
    const { verdict, at } = allInOne(tree('TextRequest'));
    expect(verdict).toBe('pass');
    expect(at).toEqual(['svc/engine.py:6']);
  });
});
